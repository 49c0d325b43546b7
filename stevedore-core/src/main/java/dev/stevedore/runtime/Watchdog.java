package dev.stevedore.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Kills the containers of a runtime when the Stevedore process that runs them dies, even by
 * SIGKILL: a small shell that waits for end-of-file on a pipe whose writing end only this JVM
 * holds (the JDK closes other descriptors in children), then kills and deletes every container
 * whose bundle this process left ({@code run-<pid>-*}, see {@link Bundle}) and removes the bundle
 * (the spec there holds the values of secrets passed as environment variables). One per runtime,
 * not one per run: a RUN then costs no process of its own for it. It ignores the terminal's
 * signals, so a Ctrl-C that kills the build does not kill it first. Mounts of the dead build are
 * left to the next command's reaper ({@link ContainerRuntime#cleanupStale}).
 */
final class Watchdog implements AutoCloseable {

    private static final String SCRIPT = "trap '' INT TERM HUP QUIT; read _ ;"
            + " for b in \"$3\"/\"$4\"*; do [ -d \"$b\" ] || continue; id=${b##*/};"
            + " \"$1\" --root \"$2\" kill \"$id\" KILL; \"$1\" --root \"$2\" delete --force \"$id\"; rm -rf -- \"$b\"; done";

    private final Process process;

    private Watchdog(Process process) {
        this.process = process;
    }

    /** Starts watching over the containers this process runs with {@code runc}, bundles in {@code stateDir}. */
    static Watchdog start(RuncCommands runc, Path stateDir) throws IOException {
        String ours = Bundle.PREFIX + ProcessHandle.current().pid() + "-";
        List<String> command = List.of("/bin/sh", "-c", SCRIPT, "stevedore-watchdog", runc.binary().toString(),
                runc.root().toString(), stateDir.toString(), ours);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        return new Watchdog(builder.start());
    }

    /** Whether it still watches (a stray signal may have ended it). */
    boolean alive() {
        return process.isAlive();
    }

    /** The runs are over and cleaned up by this process: the watchdog goes without doing anything. */
    @Override
    public void close() {
        process.destroyForcibly();
    }
}
