package dev.stevedore.dockerfile.syntax;

import dev.stevedore.diag.SourceRange;
import java.util.Optional;

/**
 * The parser directives found at the very top of a Dockerfile ({@code # syntax=},
 * {@code # escape=}, {@code # check=}).
 *
 * @param syntax the {@code # syntax=} directive, with its line (the frontend it names is checked by the planner)
 * @param escape the escape character: {@code '\\'} (default) or {@code '`'}
 */
public record Directives(Optional<Syntax> syntax, char escape, Optional<String> check) {

    /** The value of {@code # syntax=} and where it is. */
    public record Syntax(String value, SourceRange range) {}

    public static final Directives DEFAULT = new Directives(Optional.empty(), '\\', Optional.empty());
}
