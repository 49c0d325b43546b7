package dev.stevedore.dockerfile.syntax;

import dev.stevedore.diag.SourceRange;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One instruction as the syntax layer sees it: the keyword, the leading {@code --flags} and the
 * arguments, split per instruction exactly as BuildKit's parser splits them (see the front-end
 * issue's description of the {@code dump} format). No variable is expanded here; the typed
 * layer ({@code dockerfile.Instruction}) gives the arguments their meaning.
 *
 * @param keyword   the instruction's keyword, lower-cased ({@code "run"}, {@code "copy"}, ...)
 * @param flags     the leading words starting with {@code --}, quotes removed, in order; a bare
 *                  {@code --} ends them and is dropped
 * @param args      the arguments as BuildKit's parser dump prints them
 * @param json      true when the arguments came from a JSON array (exec form)
 * @param nested    for {@code ONBUILD}, the instruction it carries; empty otherwise
 * @param heredocs  the heredocs this instruction carries, in order of their markers
 * @param original  the instruction's text as written, continuation lines joined, without
 *                  heredoc bodies
 * @param range     the physical lines the instruction covers, heredoc bodies included
 */
public record Node(
        String keyword,
        List<String> flags,
        List<String> args,
        boolean json,
        Optional<Node> nested,
        List<Heredoc> heredocs,
        String original,
        SourceRange range) {

    public Node {
        Objects.requireNonNull(keyword, "keyword");
        flags = List.copyOf(flags);
        args = List.copyOf(args);
        Objects.requireNonNull(nested, "nested");
        heredocs = List.copyOf(heredocs);
        Objects.requireNonNull(original, "original");
        Objects.requireNonNull(range, "range");
    }
}
