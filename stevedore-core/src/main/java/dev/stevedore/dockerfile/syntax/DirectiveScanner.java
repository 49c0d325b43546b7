package dev.stevedore.dockerfile.syntax;

import dev.stevedore.diag.SourceRange;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Parser directives, as BuildKit's {@code DirectiveParser}: lines of the form
 * {@code # name = value} with a known name ({@code syntax}, {@code escape}, {@code check},
 * case-insensitive), only at the very top. The first line that is not one (an instruction,
 * an ordinary comment, an empty line) ends them for good.
 */
final class DirectiveScanner {

    /** A directive-shaped comment: name lower-cased, value trimmed. */
    record Directive(String name, String value) {}

    private static final Set<String> KNOWN = Set.of("syntax", "escape", "check");

    private final Set<String> seen = new HashSet<>();
    private boolean done;
    private Directives.Syntax syntax;
    private String check;
    private char escape = '\\';

    /**
     * Offers the next line (newline and leading white space removed), line {@code lineNo} of the file.
     *
     * @return true when the line was a directive and has been taken
     * @throws SyntaxProblem for a repeated directive or an invalid escape character
     */
    boolean offer(String line, int lineNo) {
        if (done) {
            return false;
        }
        Optional<Directive> directive = parse(line);
        if (directive.isEmpty()) {
            done = true;
            return false;
        }
        Directive d = directive.get();
        if (!seen.add(d.name())) {
            throw new SyntaxProblem("only one " + d.name() + " parser directive can be used: " + line);
        }
        switch (d.name()) {
            case "escape" -> {
                if (!d.value().equals("\\") && !d.value().equals("`")) {
                    throw new SyntaxProblem("invalid escape character '" + d.value()
                            + "' in " + line + ": it must be ` or \\");
                }
                escape = d.value().charAt(0);
            }
            case "syntax" -> syntax = new Directives.Syntax(d.value(), SourceRange.line(lineNo));
            default -> check = d.value();
        }
        return true;
    }

    Directives directives() {
        return new Directives(Optional.ofNullable(syntax), escape, Optional.ofNullable(check));
    }

    char escape() {
        return escape;
    }

    /**
     * BuildKit's {@code ^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$} with a known name, matched
     * by hand: the regular expression backtracks badly on long lines of blanks.
     */
    static Optional<Directive> parse(String line) {
        if (!line.startsWith("#")) {
            return Optional.empty();
        }
        int pos = skipBlanks(line, 1);
        int nameStart = pos;
        if (pos >= line.length() || !isAsciiLetter(line.charAt(pos))) {
            return Optional.empty();
        }
        while (pos < line.length() && (isAsciiLetter(line.charAt(pos)) || isAsciiDigit(line.charAt(pos)))) {
            pos++;
        }
        String name = line.substring(nameStart, pos).toLowerCase(Locale.ROOT);
        pos = skipBlanks(line, pos);
        if (pos >= line.length() || line.charAt(pos) != '=' || !KNOWN.contains(name)) {
            return Optional.empty();
        }
        String rest = line.substring(pos + 1);
        if (rest.isEmpty()) {
            return Optional.empty();
        }
        int start = skipBlanks(rest, 0);
        int end = rest.length();
        while (end > start && isBlank(rest.charAt(end - 1))) {
            end--;
        }
        // Only blanks after '=': the regex's lazy value then takes the last blank.
        String value = start == end ? rest.substring(rest.length() - 1) : rest.substring(start, end);
        return Optional.of(new Directive(name, value));
    }

    private static int skipBlanks(String s, int pos) {
        while (pos < s.length() && isBlank(s.charAt(pos))) {
            pos++;
        }
        return pos;
    }

    /** RE2's {@code \s}. */
    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
