package dev.stevedore.dockerfile.shell;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.SequencedMap;

/** The one implementation: an unmodifiable ordered map. */
record MapEnv(SequencedMap<String, String> asMap) implements Env {

    static final MapEnv EMPTY = new MapEnv(Collections.unmodifiableSequencedMap(new LinkedHashMap<>()));

    @Override
    public Optional<String> lookup(String name) {
        return Optional.ofNullable(asMap.get(name));
    }
}
