package dev.stevedore.dockerfile;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * "Did you mean ...?" for a misspelled keyword, flag or option, by edit distance; the CLI uses it
 * for its own flags and commands too.
 */
public final class Suggestions {

    private Suggestions() {}

    /**
     * The candidate closest to {@code typed} (case-insensitive), when it is close enough to be a
     * likely typo: at most two edits, and fewer edits than {@code typed} has characters.
     */
    public static Optional<String> closest(String typed, Collection<String> candidates) {
        String t = typed.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(t, c.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return bestDistance <= 2 && bestDistance < t.length() ? Optional.of(best) : Optional.empty();
    }

    /** {@code message}, plus {@code " (did you mean X?)"} when a candidate is close. */
    static String withSuggestion(String message, String typed, Collection<String> candidates, String prefix) {
        return closest(typed, candidates)
                .map(c -> message + " (did you mean " + prefix + c + "?)")
                .orElse(message);
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
