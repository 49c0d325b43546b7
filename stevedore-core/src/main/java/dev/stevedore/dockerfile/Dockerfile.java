package dev.stevedore.dockerfile;

import dev.stevedore.diag.Diagnostic;
import dev.stevedore.dockerfile.syntax.Directives;
import java.util.List;
import java.util.Objects;

/**
 * A Dockerfile, typed: what {@link DockerfileParser} makes of a file. Values are not expanded.
 *
 * @param file       the name the user knows the file by, used in every diagnostic
 * @param directives the parser directives at the top of the file
 * @param metaArgs   the ARG instructions before the first FROM (the global build args that
 *                   FROM lines may use)
 * @param stages     the stages in order; never empty
 * @param warnings   what the syntax layer warned about
 */
public record Dockerfile(String file, Directives directives, List<Instruction.Arg> metaArgs,
                         List<Stage> stages, List<Diagnostic> warnings) {

    public Dockerfile {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(directives, "directives");
        metaArgs = List.copyOf(metaArgs);
        stages = List.copyOf(stages);
        warnings = List.copyOf(warnings);
    }
}
