package dev.stevedore.dockerfile.shell;

import dev.stevedore.dockerfile.shell.Glob.Match;
import java.util.Optional;

/**
 * {@code ${NAME/pattern/replacement}}: replaces the leftmost-longest match of the pattern, or
 * with {@code //} every match, left to right, as Go's {@code Regexp.ReplaceAllString} does in
 * BuildKit (an empty match right after a match is skipped; an empty pattern matches between
 * every two characters). The replacement is inserted literally.
 */
final class Substitution {

    private Substitution() {}

    /** The replaced text, or empty when it would be longer than {@code maxLength} characters. */
    static Optional<String> replace(Glob glob, String value, String replacement, boolean all, int maxLength) {
        int[] text = value.codePoints().toArray();
        StringBuilder out = new StringBuilder();
        Glob.Searcher searcher = glob.searcher(text);
        int lastMatchEnd = 0;
        int searchPos = 0;
        while (searchPos <= text.length) {
            Match m = searcher.find(searchPos);
            if (m == null) {
                break;
            }
            out.append(new String(text, lastMatchEnd, m.start() - lastMatchEnd));
            if (m.end() > lastMatchEnd || m.start() == 0) {
                out.append(replacement);
            }
            if (out.length() > maxLength) {
                return Optional.empty();
            }
            lastMatchEnd = m.end();
            searchPos = Math.max(searchPos + 1, m.end());
            if (!all) {
                break;
            }
        }
        out.append(new String(text, lastMatchEnd, text.length - lastMatchEnd));
        return out.length() > maxLength ? Optional.empty() : Optional.of(out.toString());
    }
}
