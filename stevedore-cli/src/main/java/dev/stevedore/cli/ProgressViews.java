package dev.stevedore.cli;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.event.BuildListener;
import java.io.PrintStream;

/**
 * Chooses the progress renderer of a {@link ProgressMode}. {@code tty} and {@code rawjson} are
 * not written yet: they fail plainly before the build starts, and {@code auto} means plain.
 */
final class ProgressViews {

    private ProgressViews() {}

    /** @param err where progress goes (standard error) */
    static BuildListener create(ProgressMode mode, PrintStream err) {
        return switch (mode) {
            case AUTO, PLAIN -> new PlainProgress(err);
            case QUIET -> event -> { };
            case TTY, RAWJSON -> throw new InvalidInputException("--progress=" + mode
                    + " is accepted but not implemented yet; use --progress=plain or --progress=quiet");
        };
    }
}
