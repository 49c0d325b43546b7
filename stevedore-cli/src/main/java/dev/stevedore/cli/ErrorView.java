package dev.stevedore.cli;

import dev.stevedore.diag.Sentences;
import dev.stevedore.event.BuildEvent;
import java.io.PrintStream;

/**
 * A failed build as BuildKit shows it, whatever the progress mode: the failing step and its last
 * lines of output, the Dockerfile around the failing instruction with the instruction marked,
 * then {@code ERROR: failed to build: <reason>}.
 *
 * <pre>
 * ------
 *  > [2/2] RUN false:
 * some output
 * ------
 * Dockerfile:2
 * --------------------
 *    1 |     FROM busybox
 *    2 | >>> RUN false
 * --------------------
 * ERROR: failed to build: Dockerfile:2: process "/bin/sh -c false" did not complete successfully: exit code: 1
 * </pre>
 */
final class ErrorView {

    private static final String STEP_RULE = "------";

    private ErrorView() {}

    static void print(BuildEvent.BuildFailed failed, PrintStream err) {
        if (failed.step().isPresent()) {
            err.println(STEP_RULE);
            err.println(" > " + failed.step().get() + ":");
            failed.outputTail().forEach(line -> err.println(Sentences.shorten(line)));
            err.println(STEP_RULE);
        }
        // A megabyte of RUN line is shown by its ends, in the excerpt as in the reason.
        failed.excerpt().ifPresent(excerpt -> excerpt.render().lines().forEach(l -> err.println(Sentences.shorten(l))));
        err.println("ERROR: failed to build: " + Sentences.shorten(failed.reason()));
    }
}
