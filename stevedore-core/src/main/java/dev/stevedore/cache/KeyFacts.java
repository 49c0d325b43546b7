package dev.stevedore.cache;

import dev.stevedore.oci.Digest;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a record keeps of its cache key to explain a later miss: the kind of step, its parent
 * key, and each part by name with the digest of its value — never the value, which may hold a
 * build argument's secret — and, for the environment, each variable's name with the digest of
 * its value. A value that is itself a digest (a base image's manifest) is kept as it is.
 */
public record KeyFacts(String kind, Optional<Digest> parent, List<Fact> parts) {

    public KeyFacts {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(parent, "parent");
        parts = List.copyOf(parts);
    }

    /**
     * One part.
     *
     * @param value     the digest of the value (or the value, when it is a digest)
     * @param variables for a list of {@code NAME=VALUE}: each name with the digest of its value; else empty
     */
    public record Fact(String name, Digest value, Map<String, Digest> variables) {
        public Fact {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            variables = Map.copyOf(variables);
        }
    }

    /** The part named {@code name}, if the key has one. */
    public Optional<Fact> part(String name) {
        return parts.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
