package dev.stevedore.dockerfile;

import java.util.Objects;
import java.util.Optional;

/**
 * One name of an ARG instruction with its optional default, not expanded ({@code ARG v="1 2"}
 * keeps the quotes in the default).
 */
public record ArgDecl(String name, Optional<String> defaultValue) {

    public ArgDecl {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(defaultValue, "defaultValue");
    }
}
