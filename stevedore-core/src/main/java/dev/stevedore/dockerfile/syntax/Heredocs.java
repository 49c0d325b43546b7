package dev.stevedore.dockerfile.syntax;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finding heredoc markers ({@code <<EOF}, {@code <<-EOF}, {@code 3<<'EOF'}, {@code << EOF})
 * in an instruction line, as BuildKit's {@code heredocsFromLine} and {@code ParseHeredoc} do.
 * Bodies are read by the parser; these functions only name the heredocs.
 */
public final class Heredocs {

    private static final Pattern MARKER = Pattern.compile("^(\\d*)<<(-?)([^<]*)$");
    private static final Pattern BARE_MARKER = Pattern.compile("^\\d*<<-?$");

    private Heredocs() {}

    /**
     * One word read as a heredoc marker: empty when it is not one (no {@code <<}, no name,
     * {@code <<<}, or more than one word after {@code <<}). The result's content is empty.
     *
     * @throws SyntaxProblem when the delimiter has an unbalanced quote
     */
    static Optional<Heredoc> parseWord(String word) {
        var match = MARKER.matcher(word);
        if (!match.matches() || match.group(3).isEmpty()) {
            return Optional.empty();
        }
        String rest = match.group(3);
        List<String> plain;
        List<String> quoted;
        try {
            plain = HeredocLexer.words(rest, false, false);
            quoted = HeredocLexer.words(rest, true, false);
        } catch (SyntaxProblem e) {
            throw new SyntaxProblem("invalid heredoc marker " + word + ": " + e.getMessage());
        }
        if (plain.size() != 1 || quoted.size() != 1) {
            return Optional.empty();
        }
        String name = plain.getFirst();
        // Any quoted part of the delimiter turns expansion off; the quotes removed tell.
        boolean expand = quoteCount(name) == quoteCount(quoted.getFirst());
        return Optional.of(new Heredoc(name, "", expand, match.group(2).equals("-"), fileDescriptor(match.group(1))));
    }

    /**
     * The heredoc markers of an instruction line, in order. A line the lexer cannot split (an
     * unbalanced quote somewhere) has none, as in BuildKit.
     *
     * @throws SyntaxProblem when a marker's delimiter has an unbalanced quote
     */
    static List<Heredoc> fromLine(String line) {
        List<String> words;
        try {
            words = HeredocLexer.words(line, true, true);
        } catch (SyntaxProblem e) {
            return List.of();
        }
        var docs = new ArrayList<Heredoc>();
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (BARE_MARKER.matcher(word).matches() && i + 1 < words.size()) {
                word = word + " " + words.get(++i); // "<< EOF": the name is the next word
            }
            parseWord(word).ifPresent(docs::add);
        }
        return docs;
    }

    /** The names of {@link #fromLine}'s heredocs. */
    static List<String> namesFromLine(String line) {
        return fromLine(line).stream().map(Heredoc::name).toList();
    }

    private static int quoteCount(String s) {
        return (int) s.chars().filter(c -> c == '\'' || c == '"').count();
    }

    private static int fileDescriptor(String digits) {
        try {
            return digits.isEmpty() ? 0 : Integer.parseInt(digits);
        } catch (NumberFormatException tooLarge) {
            return 0; // Go ignores the parse error too
        }
    }
}
