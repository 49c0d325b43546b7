package dev.stevedore.plan;

import java.util.Collection;
import java.util.Optional;

/** "Did you mean ...?" for stage names, by optimal-string-alignment distance (a swap is one edit). */
final class Typos {

    private Typos() {}

    /** The candidate closest to {@code typed}, when at most two edits away and shorter than it. */
    static Optional<String> closest(String typed, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(typed, c);
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return bestDistance <= 2 && bestDistance < typed.length() ? Optional.ofNullable(best) : Optional.empty();
    }

    /**
     * Whether {@code typed} is so close to a candidate that it is surely a misspelling of it rather
     * than the name of an image: one edit (two for names of eight characters or more).
     */
    static Optional<String> likelyTypo(String typed, Collection<String> candidates) {
        int allowed = typed.length() >= 8 ? 2 : 1;
        return closest(typed, candidates).filter(c -> typed.length() >= 3 && distance(typed, c) >= 1 && distance(typed, c) <= allowed);
    }

    /** Levenshtein distance where swapping two adjacent characters counts as one edit. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j], d[i][j - 1]) + 1);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
