package dev.stevedore.dockerfile.syntax;

import java.util.Optional;

/**
 * The parser directives found at the very top of a Dockerfile ({@code # syntax=},
 * {@code # escape=}, {@code # check=}).
 *
 * @param escape the escape character: {@code '\\'} (default) or {@code '`'}
 */
public record Directives(Optional<String> syntax, char escape, Optional<String> check) {

    public static final Directives DEFAULT = new Directives(Optional.empty(), '\\', Optional.empty());
}
