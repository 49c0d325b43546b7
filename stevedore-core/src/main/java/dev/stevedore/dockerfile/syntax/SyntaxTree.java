package dev.stevedore.dockerfile.syntax;

import dev.stevedore.diag.Diagnostic;
import java.util.List;
import java.util.Objects;

/**
 * A Dockerfile after the syntax layer: its directives and its instructions in order.
 *
 * @param file     the name the user knows the file by, used in every diagnostic
 * @param warnings what BuildKit's parser warns about (e.g. empty continuation lines)
 */
public record SyntaxTree(String file, Directives directives, List<Node> nodes, List<Diagnostic> warnings) {

    public SyntaxTree {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(directives, "directives");
        nodes = List.copyOf(nodes);
        warnings = List.copyOf(warnings);
    }
}
