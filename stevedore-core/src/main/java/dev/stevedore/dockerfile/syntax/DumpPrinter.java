package dev.stevedore.dockerfile.syntax;

import java.util.ArrayList;
import java.util.List;

/**
 * Prints a {@link SyntaxTree} in the text form of BuildKit's parser tests ({@code Node.Dump}),
 * byte for byte, so the two parsers can be compared on any Dockerfile:
 *
 * <pre>
 * (copy ["--from=builder" "--chown=1:1"] "a" "/b")
 * (onbuild (run "echo" "test"))
 * </pre>
 *
 * One line per instruction: the keyword lower-cased, the flags as a bracketed list, then each
 * argument, every string quoted as Go's {@code strconv.Quote} does. Heredoc bodies are not
 * shown. An unknown keyword prints one empty argument, {@code (foo "")}, because BuildKit's
 * parser keeps an empty node for it.
 */
public final class DumpPrinter {

    private DumpPrinter() {}

    /** The dump of every instruction, each line ending in a newline. */
    public static String print(SyntaxTree tree) {
        var out = new StringBuilder();
        for (Node node : tree.nodes()) {
            out.append('(').append(print(node)).append(")\n");
        }
        return out.toString();
    }

    /** One instruction without its outer parentheses, e.g. {@code run "make"}. */
    public static String print(Node node) {
        // ONBUILD nests: print the chain iteratively, closing parentheses at the end.
        var chain = new ArrayList<Node>();
        for (Node n = node; ; n = n.nested().get()) {
            chain.add(n);
            if (n.nested().isEmpty()) {
                break;
            }
        }
        var out = new StringBuilder();
        for (int i = 0; i < chain.size(); i++) {
            Node n = chain.get(i);
            out.append(i == 0 ? "" : " (").append(head(n));
        }
        out.append(")".repeat(chain.size() - 1));
        return GoText.trim(out.toString());
    }

    private static String head(Node node) {
        var out = new StringBuilder(node.keyword());
        if (!node.flags().isEmpty()) {
            out.append(" [").append(String.join(" ", quoteAll(node.flags()))).append(']');
        }
        boolean unknown = !InstructionSplitter.KNOWN.contains(node.keyword());
        List<String> args = unknown && node.args().isEmpty() ? List.of("") : node.args();
        for (String arg : args) {
            out.append(' ').append(GoText.quote(arg));
        }
        return out.toString();
    }

    private static List<String> quoteAll(List<String> words) {
        return words.stream().map(GoText::quote).toList();
    }
}
