package dev.stevedore.diag;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The lines of a source file around a {@link SourceRange}, as BuildKit shows them under an error
 * or a warning ({@code errdefs.Source.Print}): two lines of context each side of a one-line
 * range, one of a longer range, the range's lines marked {@code >>>}.
 *
 * <pre>
 * Dockerfile:3
 * --------------------
 *    1 |     FROM alpine
 *    2 |
 *    3 | &gt;&gt;&gt; RUN false
 * --------------------
 * </pre>
 *
 * @param file   the file as the user named it
 * @param marked the lines the message is about
 * @param lines  the lines shown, in order, with their numbers
 */
public record SourceExcerpt(String file, SourceRange marked, List<Line> lines) {

    private static final String RULE = "-".repeat(20);

    /** One line of the file: its 1-based number and its text without the line break. */
    public record Line(int number, String text) {}

    public SourceExcerpt {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(marked, "marked");
        lines = List.copyOf(lines);
    }

    /** The lines of {@code content} around {@code range}; no lines when the range is not in the text. */
    public static SourceExcerpt of(String file, String content, SourceRange range) {
        // split as Go's strings.Split does: the text after the last newline is a line, even if empty
        String[] all = content.split("\n", -1);
        int start = range.startLine();
        if (start < 1 || start > all.length) {
            return new SourceExcerpt(file, range, List.of());
        }
        int end = Math.min(range.endLine(), all.length);
        int pad = end == start ? 4 : 2;
        // BuildKit's loop: one step takes a line each side (where there is one) and counts one more
        for (int p = 0; p < pad; p++) {
            if (start > 1) {
                start--;
                p++;
            }
            if (end != all.length) {
                end++;
                p++;
            }
        }
        List<Line> shown = new ArrayList<>();
        for (int n = start; n <= end; n++) {
            shown.add(new Line(n, all[n - 1]));
        }
        return new SourceExcerpt(file, range, shown);
    }

    /** {@link #of(String, String, SourceRange)} of UTF-8 bytes. */
    public static SourceExcerpt of(String file, byte[] content, SourceRange range) {
        return of(file, new String(content, StandardCharsets.UTF_8), range);
    }

    /** Whether line {@code number} is one the message is about. */
    public boolean isMarked(int number) {
        return number >= marked.startLine() && number <= marked.endLine();
    }

    /** The excerpt as BuildKit prints it, each line ending in a newline; empty when no line is shown. */
    public String render() {
        if (lines.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        out.append(file).append(':').append(marked.startLine()).append('\n').append(RULE).append('\n');
        for (Line line : lines) {
            String marker = isMarked(line.number()) ? ">>>" : "   ";
            out.append(String.format(Locale.ROOT, " %3d | %s %s\n", line.number(), marker, line.text()));
        }
        return out.append(RULE).append('\n').toString();
    }
}
