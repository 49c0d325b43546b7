package dev.stevedore.diag;

/**
 * The lines of a source file that a node or an error covers, 1-based and inclusive.
 *
 * <p>A Dockerfile instruction spans several physical lines when it is continued or carries
 * heredocs; {@code startLine} is the line its keyword is on.
 */
public record SourceRange(int startLine, int endLine) {

    public SourceRange {
        if (startLine < 1 || endLine < startLine) {
            throw new IllegalArgumentException("bad source range " + startLine + "-" + endLine);
        }
    }

    public static SourceRange line(int line) {
        return new SourceRange(line, line);
    }

    @Override
    public String toString() {
        return startLine == endLine ? Integer.toString(startLine) : startLine + "-" + endLine;
    }
}
