package dev.stevedore.diag;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The lines of a source file around a {@link SourceRange}, for an error view like BuildKit's:
 * the range's lines marked, a few lines of context on each side.
 *
 * @param file   the file as the user named it
 * @param marked the lines the error is about
 * @param lines  the lines shown, in order, with their numbers
 */
public record SourceExcerpt(String file, SourceRange marked, List<Line> lines) {

    /** Lines shown before and after the marked ones. */
    public static final int CONTEXT = 2;

    /** One line of the file: its 1-based number and its text without the line break. */
    public record Line(int number, String text) {}

    public SourceExcerpt {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(marked, "marked");
        lines = List.copyOf(lines);
    }

    /** The lines of {@code content} around {@code range}; lines past the end of the text are left out. */
    public static SourceExcerpt of(String file, String content, SourceRange range) {
        String[] all = content.split("\r?\n", -1);
        List<Line> shown = new ArrayList<>();
        int from = Math.max(1, range.startLine() - CONTEXT);
        int to = Math.min(all.length, range.endLine() + CONTEXT);
        for (int n = from; n <= to; n++) {
            if (n == all.length && all[n - 1].isEmpty()) {
                break; // the empty "line" after the final newline
            }
            shown.add(new Line(n, all[n - 1]));
        }
        return new SourceExcerpt(file, range, shown);
    }

    /** Whether line {@code number} is one the error is about. */
    public boolean isMarked(int number) {
        return number >= marked.startLine() && number <= marked.endLine();
    }
}
