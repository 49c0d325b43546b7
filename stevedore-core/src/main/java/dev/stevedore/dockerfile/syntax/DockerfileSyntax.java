package dev.stevedore.dockerfile.syntax;

import dev.stevedore.diag.Diagnostic;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.diag.SourceRange;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The syntax layer of the Dockerfile front end: bytes → {@link SyntaxTree}, with the results of
 * BuildKit's {@code frontend/dockerfile/parser.Parse}.
 *
 * <p>What it does, in order, per physical line: parser directives while they last (see
 * {@link DirectiveScanner}); comments ({@code #} as first non-blank) and empty lines skipped;
 * line continuation (the escape character at the end of a line, optionally followed by blanks,
 * removed and the next line appended as is, with comment and blank lines inside skipped; as in
 * BuildKit, an escape preceded by another escape, {@code \\}, is no continuation);
 * splitting of the joined line ({@link InstructionSplitter}); then, for RUN, COPY and ADD in
 * shell form, the bodies of the line's heredocs. CRLF line ends and a UTF-8 byte order mark
 * are accepted. Nothing is expanded and no keyword is rejected here: the typed layer does that.
 */
public final class DockerfileSyntax {

    private final String file;
    private final List<String> lines;
    private final DirectiveScanner directives = new DirectiveScanner();
    private final List<Node> nodes = new ArrayList<>();
    private final List<Diagnostic> warnings = new ArrayList<>();
    /** Physical lines consumed so far; the 1-based number of the last one read. */
    private int current;

    private DockerfileSyntax(String file, List<String> lines) {
        this.file = file;
        this.lines = lines;
    }

    /**
     * Parses a Dockerfile.
     *
     * @param fileName the name the user knows the file by, for diagnostics
     * @param content  the file's bytes, UTF-8
     * @throws InvalidInputException with a {@link Diagnostic} naming the line and the text, for
     *                               a repeated or invalid directive, a JSON array of non-strings,
     *                               ENV/LABEL without a value, a bad or unterminated heredoc,
     *                               or a file with no instructions
     */
    public static SyntaxTree parse(String fileName, byte[] content) {
        return new DockerfileSyntax(fileName, physicalLines(content)).run();
    }

    /** The file's lines, each with its line end kept (heredoc bodies need them). */
    static List<String> physicalLines(byte[] content) {
        String text = new String(content, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        var lines = new ArrayList<String>();
        int start = 0;
        while (start < text.length()) {
            int newline = text.indexOf('\n', start);
            int end = newline < 0 ? text.length() : newline + 1;
            lines.add(text.substring(start, end));
            start = end;
        }
        return lines;
    }

    private SyntaxTree run() {
        while (current < lines.size()) {
            String raw = lines.get(current++);
            int startLine = current;
            String token = GoText.trimLeft(GoText.trimNewline(raw));
            boolean directive = offerDirective(token, startLine);
            if (directive || isComment(token)) {
                continue;
            }
            Continued first = Continued.of(token, directives.escape());
            if (first.ended() && first.text().isEmpty()) {
                continue;
            }
            String line = joinContinuation(first, startLine);
            nodes.add(instruction(line, startLine));
        }
        if (nodes.isEmpty()) {
            throw new InvalidInputException(Diagnostic.error(file, null, "file with no instructions"));
        }
        return new SyntaxTree(file, directives.directives(), nodes, warnings);
    }

    private boolean offerDirective(String token, int lineNo) {
        try {
            if (directives.offer(token, lineNo)) {
                return true;
            }
        } catch (SyntaxProblem e) {
            throw error(SourceRange.line(lineNo), e.getMessage());
        }
        DirectiveScanner.parse(token).ifPresent(d -> warnings.add(Diagnostic.warning(file, SourceRange.line(lineNo),
                "the " + d.name() + " parser directive " + token
                        + " is ignored because it is not at the top of the file")));
        return false;
    }

    /** Appends continuation lines to {@code first} until one does not end in the escape. */
    private String joinContinuation(Continued first, int startLine) {
        var buf = new StringBuilder(first.text());
        boolean ended = first.ended();
        int emptyLine = 0;
        while (!ended && current < lines.size()) {
            String raw = lines.get(current++);
            String text = GoText.trimNewline(raw);
            String trimmed = GoText.trimLeft(text);
            if (isComment(trimmed)) {
                offerDirective(trimmed, current); // only to warn: directives are over by now
                continue;
            }
            if (trimmed.isEmpty()) {
                emptyLine = emptyLine == 0 ? current : emptyLine;
                continue;
            }
            Continued next = Continued.of(text, directives.escape());
            buf.append(next.text());
            ended = next.ended();
        }
        if (emptyLine != 0) {
            warnings.add(Diagnostic.warning(file, SourceRange.line(emptyLine),
                    "empty continuation line in the instruction starting at line " + startLine + " ("
                            + abbreviate(buf.toString()) + "); empty continuation lines will become errors"));
        }
        return buf.toString();
    }

    private Node instruction(String line, int startLine) {
        Node node;
        List<Heredoc> markers;
        try {
            node = InstructionSplitter.split(line, directives.escape(), range(startLine));
            markers = canContainHeredoc(node) && line.contains("<<") ? Heredocs.fromLine(line) : List.of();
        } catch (SyntaxProblem e) {
            throw error(range(startLine), e.getMessage());
        }
        if (markers.isEmpty()) {
            return node;
        }
        var heredocs = new ArrayList<Heredoc>();
        for (Heredoc marker : markers) {
            heredocs.add(readBody(marker, line, startLine));
        }
        return withHeredocs(node, heredocs, range(startLine));
    }

    private Heredoc readBody(Heredoc marker, String line, int startLine) {
        var body = new StringBuilder();
        while (current < lines.size()) {
            String raw = lines.get(current++);
            String candidate = GoText.trimNewline(raw);
            if (marker.chomp()) {
                candidate = candidate.replaceFirst("^\t+", "");
            }
            if (candidate.equals(marker.name())) {
                return new Heredoc(marker.name(), body.toString(), marker.expand(), marker.chomp(),
                        marker.fileDescriptor());
            }
            body.append(raw);
        }
        throw error(range(startLine), "unterminated heredoc " + marker.name() + " in " + abbreviate(line)
                + ": no line " + marker.name() + " ends it");
    }

    /** RUN, COPY and ADD in shell form, also as the instruction of an ONBUILD. */
    private static boolean canContainHeredoc(Node node) {
        Node target = node.keyword().equals("onbuild") ? node.nested().orElse(node) : node;
        return switch (target.keyword()) {
            case "run", "copy", "add" -> !target.json();
            default -> false;
        };
    }

    /** ONBUILD's heredocs are kept on it (as BuildKit does) and on the instruction it carries. */
    private static Node withHeredocs(Node node, List<Heredoc> heredocs, SourceRange range) {
        var nested = node.nested().map(inner -> withHeredocs(inner, heredocs, range));
        return new Node(node.keyword(), node.flags(), node.args(), node.json(), nested, heredocs,
                node.original(), range);
    }

    private static boolean isComment(String trimmed) {
        return trimmed.startsWith("#");
    }

    private SourceRange range(int startLine) {
        return new SourceRange(startLine, Math.max(startLine, current));
    }

    private InvalidInputException error(SourceRange range, String message) {
        return new InvalidInputException(Diagnostic.error(file, range, message));
    }

    /** Long lines are cut in messages: the line number says where the rest is. */
    static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }

    /**
     * One line with its trailing escape (and blanks after it) removed, and whether it ended.
     * BuildKit's rule, {@code ([^E])E[ \t]*$|^E[ \t]*$}: the last non-blank character is the
     * escape and the one before it, if any, is not. So {@code \\} at the end is an escaped
     * escape, and {@code \\\} too (BuildKit's expression looks one character back only).
     */
    private record Continued(String text, boolean ended) {

        static Continued of(String line, char escape) {
            int end = line.length();
            while (end > 0 && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) {
                end--;
            }
            if (end > 0 && line.charAt(end - 1) == escape && (end == 1 || line.charAt(end - 2) != escape)) {
                return new Continued(line.substring(0, end - 1), false);
            }
            return new Continued(line, true);
        }
    }
}
