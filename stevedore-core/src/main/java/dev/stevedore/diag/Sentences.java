package dev.stevedore.diag;

import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps what a user reads a sentence whatever the input: a 5,000-character path or a 1 MB RUN
 * line is shortened to its ends, an exception without a message still says what failed, and
 * running out of memory says what to do about it.
 */
public final class Sentences {

    /** Longer runs of non-blank characters (a path, a word of a RUN line) are cut in the middle. */
    static final int LONGEST_WORD = 200;
    /** Longer messages are cut in the middle, after each word was. */
    public static final int LONGEST_TEXT = 2_000;

    private static final Pattern LONG_WORD = Pattern.compile("\\S{" + (LONGEST_WORD + 1) + ",}");

    private Sentences() {}

    /**
     * {@code text} with each run of more than {@value #LONGEST_WORD} non-blank characters, and the
     * whole when longer than {@value #LONGEST_TEXT}, cut to its two ends around a note of how
     * long it was.
     */
    public static String shorten(String text) {
        if (text == null) {
            return "";
        }
        Matcher m = LONG_WORD.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(cut(m.group(), LONGEST_WORD)));
        }
        m.appendTail(out);
        return cut(out.toString(), LONGEST_TEXT);
    }

    private static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int head = max * 2 / 3;
        int tail = max / 4;
        return text.substring(0, head) + "…(" + String.format(Locale.ROOT, "%,d", text.length())
                + " characters)…" + text.substring(text.length() - tail);
    }

    /**
     * What went wrong, as words: the message of {@code e}, or, for the exceptions the JDK throws
     * without one (an interrupted or closed channel), what happened.
     */
    public static String reason(Throwable e) {
        String message = e.getMessage();
        if (message != null && !message.isBlank()) {
            return message;
        }
        return switch (e) {
            case ClosedByInterruptException c -> "interrupted";
            case AsynchronousCloseException c -> "closed while in use";
            default -> e.getCause() != null && e.getCause() != e ? reason(e.getCause())
                    : e.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
        };
    }

    /** The {@link OutOfMemoryError} that {@code e} is or was caused by, if any. */
    public static java.util.Optional<OutOfMemoryError> outOfMemory(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OutOfMemoryError oom) {
                return java.util.Optional.of(oom);
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * The sentence for running out of memory: which memory, the heap's limit, and what to do.
     *
     * @param what what ran out ("the build", "the command")
     */
    public static String outOfMemory(String what, OutOfMemoryError e) {
        long max = Runtime.getRuntime().maxMemory();
        String which = e.getMessage() == null ? "Java heap space" : e.getMessage();
        return what + " ran out of memory (" + which + ", with a heap of at most " + (max >> 20) + " MiB); raise -Xmx"
                + " (for example JAVA_TOOL_OPTIONS=-Xmx4g) or give the machine more memory";
    }
}
