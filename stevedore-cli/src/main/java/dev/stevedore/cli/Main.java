package dev.stevedore.cli;

import dev.stevedore.diag.Sentences;

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
        // Running out of memory in any thread (a compressor's, a renderer's) is a sentence, not a stack trace.
        // Anything else prints as the JVM would (ThreadGroup's printing would call this handler again).
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            if (Sentences.outOfMemory(e).isPresent()) {
                System.err.println("ERROR: " + Cli.userMessage(e));
            } else {
                System.err.print("Exception in thread \"" + thread.getName() + "\" ");
                e.printStackTrace(System.err);
            }
        });
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
        int code = RootlessRelay.applies(args) ? RootlessRelay.run(System.err)
                : Cli.run(args, System.in, System.out, System.err);
        finished = true;
        if (!signalled) {
            System.exit(code);
        }
        // else the JVM is already exiting with the signal's status (130): System.exit would block
    }
}
