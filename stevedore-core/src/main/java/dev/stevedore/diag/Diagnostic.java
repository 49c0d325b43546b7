package dev.stevedore.diag;

import java.util.Objects;

/**
 * One thing wrong (or worth a warning) in a user's input, with where it is.
 *
 * <p>Formatted like a compiler's message: {@code Dockerfile:12: COPY --from=buidler: no stage ...}.
 *
 * @param file    the file as the user named it, e.g. {@code Dockerfile}; never null
 * @param range   the lines concerned, or null when the problem is the file as a whole
 * @param message one sentence, naming the offending text
 */
public record Diagnostic(Severity severity, String file, SourceRange range, String message) {

    public enum Severity { ERROR, WARNING }

    public Diagnostic {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
    }

    public static Diagnostic error(String file, SourceRange range, String message) {
        return new Diagnostic(Severity.ERROR, file, range, message);
    }

    public static Diagnostic warning(String file, SourceRange range, String message) {
        return new Diagnostic(Severity.WARNING, file, range, message);
    }

    /** {@code file:line: message}, or {@code file: message} without a range. */
    public String format() {
        return range == null ? file + ": " + message : file + ":" + range.startLine() + ": " + message;
    }

    @Override
    public String toString() {
        return format();
    }
}
