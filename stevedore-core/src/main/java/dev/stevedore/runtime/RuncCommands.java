package dev.stevedore.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The command line of a runc-compatible runtime ({@code runc}, {@code crun}), with its state
 * under a root directory of ours ({@code --root}), so {@code list} shows only our containers.
 */
final class RuncCommands {

    /** A housekeeping command ({@code kill}, {@code delete}, {@code list}) that hangs longer is abandoned. */
    private static final long HOUSEKEEPING_SECONDS = 30;

    private final Path binary;
    private final Path root;

    RuncCommands(Path binary, Path root) {
        this.binary = binary;
        this.root = root;
    }

    Path binary() {
        return binary;
    }

    /** The runtime's state directory ({@code --root}). */
    Path root() {
        return root;
    }

    /**
     * Starts {@code run --bundle <bundle> <id>} in the foreground. Without a console the container's
     * stdio are the pipes of the returned process (stdin: a pipe when {@code pipeStdin}, else
     * {@code /dev/null}), and its exit code is the container process's (128 + signal when killed).
     * With {@link Stdio#ownInput()} the container reads this process's own stdin; with
     * {@link Stdio#terminal()} runc makes the container's pseudo-terminal itself (a foreground run
     * needs no {@code --console-socket}), puts this process's terminal in raw mode, relays between
     * the two, passes on the window size, and restores the terminal when the container exits.
     */
    Process run(Path bundle, String id, Stdio stdio, boolean pipeStdin) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command("run", "--bundle", bundle.toString(), id));
        builder.redirectInput(stdio.ownInput() ? ProcessBuilder.Redirect.INHERIT
                : pipeStdin ? ProcessBuilder.Redirect.PIPE : ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        if (stdio.terminal()) {
            builder.redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT);
        }
        return builder.start();
    }

    /** Sends SIGKILL to the container's processes; false when there is no such running container. */
    boolean kill(String id) throws IOException, InterruptedException {
        return quietly("kill", id, "KILL").exitCode() == 0;
    }

    /** Deletes the container, killing it first if it still runs; true when it existed. */
    boolean delete(String id) throws IOException, InterruptedException {
        return quietly("delete", "--force", id).exitCode() == 0;
    }

    /** The ids of the containers under our root. */
    List<String> list() throws IOException, InterruptedException {
        Result result = quietly("list", "--quiet");
        if (result.exitCode() != 0) {
            throw new IOException(binary + " list failed: " + result.output().strip());
        }
        List<String> ids = new ArrayList<>();
        for (String line : result.output().split("\n")) {
            if (!line.isBlank()) {
                ids.add(line.strip());
            }
        }
        return ids;
    }

    private record Result(int exitCode, String output) {}

    private Result quietly(String... args) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command(args)).redirectErrorStream(true);
        builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(HOUSEKEEPING_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command(args)) + " did not finish in " + HOUSEKEEPING_SECONDS + "s");
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    private List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--root", root.toString()));
        command.addAll(List.of(args));
        return command;
    }
}
