package dev.stevedore.oci;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One entry of an image's environment ({@link ContainerConfig#env()}), {@code NAME=value}: the
 * one parser of those lines. Split at the first {@code =}, as BuildKit's
 * {@code shell.EnvsFromSlice} does: an entry without one is a variable set to the empty string;
 * an entry without a name ({@code =x}, or empty) names nothing and is passed over.
 */
public record EnvLine(String name, String value) {

    /** {@code line} split, or empty when it names no variable. */
    public static Optional<EnvLine> parse(String line) {
        int eq = line.indexOf('=');
        String name = eq < 0 ? line : line.substring(0, eq);
        return name.isEmpty() ? Optional.empty() : Optional.of(new EnvLine(name, eq < 0 ? "" : line.substring(eq + 1)));
    }

    /** The variables of {@code lines}, in order of first appearance; a later line wins. */
    public static Map<String, String> toMap(List<String> lines) {
        Map<String, String> vars = new LinkedHashMap<>();
        for (String line : lines) {
            parse(line).ifPresent(l -> vars.put(l.name(), l.value()));
        }
        return vars;
    }
}
