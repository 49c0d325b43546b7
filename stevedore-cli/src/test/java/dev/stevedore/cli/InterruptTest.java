package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.store.Store;
import dev.stevedore.testing.BusyboxImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C during a RUN: {@code stevedore build} in its own JVM gets a real SIGINT, kills the RUN's
 * container, unmounts its overlay and exits with 130. Needs root, runc and busybox-static.
 */
class InterruptTest {

    @TempDir
    Path dir;

    @Test
    void sigintStopsTheBuildCleanlyWithExitCode130() throws Exception {
        BusyboxImage.assumeRunnable();
        Path store = dir.resolve("store");
        BusyboxImage.create(Store.open(store), dir.resolve("image"), BusyboxImage.NAME);
        Path context = Files.createDirectories(dir.resolve("ctx"));
        Files.writeString(context.resolve("Dockerfile"), "FROM busybox\nRUN echo started && sleep 300\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process build = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "build", "--root", store.toString(),
                "--progress=plain", context.toString()).start();
        List<String> lines = new ArrayList<>();
        CompletableFuture<Void> startedSeen = new CompletableFuture<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader err = new BufferedReader(new InputStreamReader(build.getErrorStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = err.readLine(); line != null; line = err.readLine()) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                    if (line.endsWith(" started")) {
                        startedSeen.complete(null);
                    }
                }
            } catch (IOException e) {
                startedSeen.completeExceptionally(e);
            }
            startedSeen.completeExceptionally(new AssertionError("the build ended before its RUN started"));
        });
        try {
            startedSeen.get(120, TimeUnit.SECONDS);
            assertThat(overlayMounts(store)).isNotEmpty();
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(build.pid())).start();
            assertThat(kill.waitFor()).isZero();
            assertThat(build.waitFor(120, TimeUnit.SECONDS)).as("the build stops after SIGINT").isTrue();
        } finally {
            build.destroyForcibly().waitFor();
        }
        reader.join();
        assertThat(build.exitValue()).as(String.join("\n", lines)).isEqualTo(Cli.INTERRUPTED);
        assertThat(lines).contains("ERROR: the build was interrupted").noneMatch(l -> l.contains("Exception"));
        assertThat(overlayMounts(store)).isEmpty();
        assertThat(runcContainers(store)).isEmpty();
    }

    /** Overlays mounted under the store, from /proc/self/mountinfo. */
    static List<String> overlayMounts(Path store) throws IOException {
        List<String> result = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8)) {
            String[] f = line.split(" ");
            int dash = List.of(f).indexOf("-");
            if (dash > 0 && f[dash + 1].equals("overlay") && f[4].startsWith(store.toString())) {
                result.add(f[4]);
            }
        }
        return result;
    }

    /** Containers runc still knows in any state directory under the store. */
    static List<String> runcContainers(Path store) throws Exception {
        List<String> ids = new ArrayList<>();
        List<Path> roots;
        try (Stream<Path> s = Files.walk(store, 4)) {
            roots = s.filter(p -> p.getFileName().toString().equals("runc") && Files.isDirectory(p)).toList();
        }
        for (Path root : roots) {
            Process p = new ProcessBuilder("runc", "--root", root.toString(), "list", "-q").start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            out.lines().filter(l -> !l.isBlank()).forEach(ids::add);
        }
        return ids;
    }
}
