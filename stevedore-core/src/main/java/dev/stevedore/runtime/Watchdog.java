package dev.stevedore.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Kills a container when the Stevedore process that runs it dies, even by SIGKILL: a small shell
 * that waits for end-of-file on a pipe whose writing end only this JVM holds (the JDK closes
 * other descriptors in children), then kills and deletes the container and removes its bundle
 * (the spec there holds the values of secrets passed as environment variables). It ignores the
 * terminal's signals, so a Ctrl-C that kills the build does not kill it first. Mounts of the
 * dead build are left to the next command's reaper ({@link ContainerRuntime#cleanupStale}).
 */
final class Watchdog implements AutoCloseable {

    private static final String SCRIPT = "trap '' INT TERM HUP QUIT; read _ ;"
            + " \"$1\" --root \"$2\" kill \"$3\" KILL; \"$1\" --root \"$2\" delete --force \"$3\";"
            + " rm -rf -- \"$4\"";

    private final Process process;

    private Watchdog(Process process) {
        this.process = process;
    }

    /** Starts watching over the container {@code id} of {@code bundle}. */
    static Watchdog start(RuncCommands runc, String id, Path bundle) throws IOException {
        List<String> command = List.of("/bin/sh", "-c", SCRIPT, "stevedore-watchdog", runc.binary().toString(),
                runc.root().toString(), id, bundle.toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        return new Watchdog(builder.start());
    }

    /** The run is over and cleaned up by this process: the watchdog goes without doing anything. */
    @Override
    public void close() {
        process.destroyForcibly();
    }
}
