package dev.stevedore.exec;

import dev.stevedore.runtime.ContainerRuntime;
import dev.stevedore.runtime.OutputListener;
import dev.stevedore.runtime.ProcessSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake of the container runtime for the engine's tests, without root: the command's last
 * argument is a script of commands joined by {@code &&}:
 * <ul>
 *   <li>{@code write PATH TEXT}: writes TEXT into PATH of the root file system;
 *   <li>{@code exit N}: stops with exit code N;
 *   <li>{@code fail MESSAGE}: the runtime itself fails (an {@link IOException});
 *   <li>{@code meet}: waits until as many RUNs as the {@link #meeting} has parties are at a meet
 *       at the same time (exit 99 when they are not, after a minute).
 * </ul>
 * Every script run is remembered, in order, and the most that ran at once.
 */
final class ScriptedRuntime implements ContainerRuntime {

    final List<String> ran = new CopyOnWriteArrayList<>();
    volatile CyclicBarrier meeting = new CyclicBarrier(2);
    final AtomicInteger mostAtOnce = new AtomicInteger();
    private final AtomicInteger atOnce = new AtomicInteger();

    @Override
    public int run(Path rootfs, ProcessSpec process, OutputListener output) throws IOException, InterruptedException {
        mostAtOnce.accumulateAndGet(atOnce.incrementAndGet(), Math::max);
        try {
            // a moment in which another RUN, if one may, starts too
            Thread.sleep(20);
            return script(rootfs, process);
        } finally {
            atOnce.decrementAndGet();
        }
    }

    private int script(Path rootfs, ProcessSpec process) throws IOException, InterruptedException {
        String script = process.args().getLast();
        ran.add(script);
        for (String command : script.split(" && ")) {
            String[] words = command.strip().split(" ", 3);
            switch (words[0]) {
                case "write" -> {
                    Path file = rootfs.resolve(words[1].substring(1));
                    Files.createDirectories(file.getParent());
                    Files.writeString(file, words[2], StandardCharsets.UTF_8);
                }
                case "exit" -> {
                    return Integer.parseInt(words[1]);
                }
                case "fail" -> throw new IOException(command.substring(5));
                case "meet" -> {
                    try {
                        meeting.await(1, TimeUnit.MINUTES);
                    } catch (TimeoutException | BrokenBarrierException e) {
                        return 99;
                    }
                }
                default -> throw new IllegalArgumentException("the fake runtime cannot run " + command);
            }
        }
        return 0;
    }

    @Override
    public List<String> cleanupStale() {
        return List.of();
    }
}
