package dev.stevedore.diag;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * The lines of a source file around a range, as BuildKit prints them under an error or a
 * warning ({@code errdefs.Source.Print}): two lines of context each side of a one-line range,
 * one of a longer range, the range's lines marked {@code >>>}.
 *
 * <pre>
 * Dockerfile:3
 * --------------------
 *    1 |     FROM alpine
 *    2 |
 *    3 | &gt;&gt;&gt; RUN false
 * --------------------
 * </pre>
 */
public final class SourceExcerpt {

    private static final String RULE = "-".repeat(20);

    private SourceExcerpt() {}

    /** The excerpt, each line ending in a newline; empty when the range is not in the file. */
    public static String of(String file, byte[] source, SourceRange range) {
        List<String> lines = List.of(new String(source, StandardCharsets.UTF_8).split("\n", -1));
        int start = range.startLine();
        if (start > lines.size()) {
            return "";
        }
        int end = Math.min(range.endLine(), lines.size());
        int pad = end == start ? 4 : 2;
        // BuildKit's loop: one step takes a line each side (where there is one) and counts one more
        for (int p = 0; p < pad; p++) {
            if (start > 1) {
                start--;
                p++;
            }
            if (end != lines.size()) {
                end++;
                p++;
            }
        }
        StringBuilder out = new StringBuilder();
        out.append(file).append(':').append(range.startLine()).append('\n').append(RULE).append('\n');
        for (int i = start; i <= end; i++) {
            String marker = i >= range.startLine() && i <= range.endLine() ? ">>>" : "   ";
            out.append(String.format(Locale.ROOT, " %3d | %s %s\n", i, marker, lines.get(i - 1)));
        }
        return out.append(RULE).append('\n').toString();
    }
}
