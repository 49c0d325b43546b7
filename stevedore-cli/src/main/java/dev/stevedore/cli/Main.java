package dev.stevedore.cli;

/**
 * The only place that calls {@link System#exit}: everything else runs in-process in tests. Ctrl-C
 * (SIGINT) interrupts the command, which cleans up (a build kills its RUN containers and unmounts
 * its snapshots) before the JVM exits with 130.
 */
public final class Main {

    /** How long Ctrl-C waits for the command to clean up before the JVM goes anyway. */
    private static final long CLEANUP_MILLIS = 30_000;

    private static volatile boolean finished;
    private static volatile boolean signalled;

    private Main() {}

    public static void main(String[] args) {
        Thread command = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (finished) {
                return; // our own System.exit
            }
            signalled = true;
            command.interrupt();
            try {
                command.join(CLEANUP_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "stevedore-interrupt"));
        int code = Cli.run(args, System.in, System.out, System.err);
        finished = true;
        if (!signalled) {
            System.exit(code);
        }
        // else the JVM is already exiting with the signal's status (130): System.exit would block
    }
}
