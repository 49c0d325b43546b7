package dev.stevedore.dockerfile.shell;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SequencedMap;

/**
 * The variables a word is expanded with: build arguments and environment, in the order they
 * were defined. Names are case-sensitive, as on Linux.
 */
public interface Env {

    /** The value of {@code name}, or empty when it is not set (a set, empty value is present). */
    Optional<String> lookup(String name);

    /** Every variable, in definition order. */
    SequencedMap<String, String> asMap();

    /** No variables at all. */
    static Env empty() {
        return MapEnv.EMPTY;
    }

    /** The variables of {@code vars}, copied, in its iteration order. Null names or values are refused. */
    static Env of(Map<String, String> vars) {
        LinkedHashMap<String, String> copy = new LinkedHashMap<>();
        vars.forEach((name, value) -> copy.put(Objects.requireNonNull(name, "name"),
                Objects.requireNonNull(value, "value of " + name)));
        return new MapEnv(Collections.unmodifiableSequencedMap(copy));
    }

    /** Alternating names and values: {@code Env.of("PWD", "/home", "SHELL", "bash")}. */
    static Env of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must come in pairs");
        }
        LinkedHashMap<String, String> vars = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            vars.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return of(vars);
    }

    /** This environment with {@code name} set to {@code value} (replacing it in place when set). */
    default Env with(String name, String value) {
        LinkedHashMap<String, String> vars = new LinkedHashMap<>(asMap());
        vars.put(name, value);
        return of(vars);
    }
}
