package dev.stevedore.plan;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.dockerfile.Dockerfile;
import dev.stevedore.dockerfile.shell.Env;
import dev.stevedore.dockerfile.shell.ShellLexer;
import dev.stevedore.dockerfile.shell.WordExpansion;
import java.util.List;
import java.util.Optional;
import java.util.SequencedMap;

/** Word expansion for the checks: a word that does not expand is the build's error to report, not theirs. */
final class LenientWords {

    private LenientWords() {}

    static Optional<WordExpansion> expand(ShellLexer lexer, String word, Env env) {
        try {
            return Optional.of(lexer.expandWordWithMatches(word, env));
        } catch (InvalidInputException e) {
            return Optional.empty();
        }
    }

    /** The global scope as meta ARGs and build args make it; the platform ARGs alone when a default does not expand. */
    static GlobalArgs global(Dockerfile dockerfile, BuildArgs buildArgs, SequencedMap<String, String> platformArgs,
                             ShellLexer lexer) {
        try {
            return GlobalArgs.resolve(dockerfile.metaArgs(), buildArgs, platformArgs, lexer);
        } catch (InvalidInputException e) {
            return GlobalArgs.resolve(List.of(), BuildArgs.NONE, platformArgs, lexer);
        }
    }
}
