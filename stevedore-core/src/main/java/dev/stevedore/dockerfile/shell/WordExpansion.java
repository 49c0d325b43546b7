package dev.stevedore.dockerfile.shell;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What expanding one text produced.
 *
 * @param value     the text as one word: quotes and escapes removed, variables expanded, no
 *                  splitting (BuildKit's {@code ProcessWord})
 * @param words     the same text split into words where the shell would (BuildKit's
 *                  {@code ProcessWords})
 * @param matched   names referenced that were set (even to the empty string), in order of
 *                  first reference
 * @param unmatched names referenced that were not set, in order of first reference; what the
 *                  {@code UndefinedVar} check reports
 */
public record WordExpansion(String value, List<String> words, Set<String> matched, Set<String> unmatched) {

    public WordExpansion {
        Objects.requireNonNull(value, "value");
        words = List.copyOf(words);
        matched = java.util.Collections.unmodifiableSequencedSet(new java.util.LinkedHashSet<>(matched));
        unmatched = java.util.Collections.unmodifiableSequencedSet(new java.util.LinkedHashSet<>(unmatched));
    }
}
