package dev.stevedore.dockerfile.syntax;

import dev.stevedore.diag.SourceRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One logical line → a {@link Node}: keyword, leading {@code --flags}, and the arguments split
 * the way BuildKit's dispatch table splits them for that keyword ({@code line_parsers.go}).
 */
final class InstructionSplitter {

    /** The keywords BuildKit's parser has a splitter for; any other is kept with no arguments. */
    static final Set<String> KNOWN = Set.of("add", "arg", "cmd", "copy", "entrypoint", "env", "expose",
            "from", "healthcheck", "label", "maintainer", "onbuild", "run", "shell", "stopsignal", "user",
            "volume", "workdir");

    /**
     * How deep ONBUILD may nest here. BuildKit's parser has no limit, but a chained ONBUILD is
     * rejected by the typed layer anyway, and each level keeps its own copy of the rest of the
     * line, so an unbounded chain would make memory grow with the square of the line length.
     */
    static final int MAX_ONBUILD_DEPTH = 8;

    /** A line cut into its keyword as written, its flags and the trimmed rest. */
    private record Command(String keyword, List<String> flags, String rest) {}

    /** What a splitter makes of the rest of the line. */
    private record Split(List<String> args, boolean json) {
        static final Split NONE = new Split(List.of(), false);

        static Split of(List<String> args) {
            return new Split(args, false);
        }
    }

    private InstructionSplitter() {}

    /**
     * Splits {@code line} (continuations joined, no heredoc bodies).
     *
     * @throws SyntaxProblem for what BuildKit's parser rejects (a JSON array of non-strings,
     *                       ENV or LABEL without a value)
     */
    static Node split(String line, char escape, SourceRange range) {
        // ONBUILD nests; walk the chain iteratively so a hostile line cannot overflow the stack.
        var chain = new ArrayList<Command>();
        var texts = new ArrayList<String>();
        String text = line;
        Command command = command(text);
        while (lower(command.keyword()).equals("onbuild") && !command.rest().isEmpty()) {
            if (chain.size() == MAX_ONBUILD_DEPTH) {
                throw new SyntaxProblem("ONBUILD nested more than " + MAX_ONBUILD_DEPTH + " deep in "
                        + DockerfileSyntax.abbreviate(line));
            }
            chain.add(command);
            texts.add(text);
            text = command.rest();
            command = command(text);
        }
        Split split = arguments(lower(command.keyword()), command.rest(), escape);
        Node node = new Node(lower(command.keyword()), command.flags(), split.args(), split.json(),
                Optional.empty(), List.of(), text, range);
        for (int i = chain.size() - 1; i >= 0; i--) {
            node = new Node("onbuild", chain.get(i).flags(), List.of(), false, Optional.of(node), List.of(),
                    texts.get(i), range);
        }
        return node;
    }

    /** BuildKit's {@code splitCommand}: keyword, then flags, then the trimmed rest. */
    private static Command command(String line) {
        List<String> parts = GoText.splitBlanks(GoText.trim(line), 2);
        if (parts.size() < 2) {
            return new Command(parts.getFirst(), List.of(), "");
        }
        var flags = new ArrayList<String>();
        String rest = BuilderFlags.extract(parts.get(1), flags);
        return new Command(parts.getFirst(), flags, GoText.trim(rest));
    }

    private static Split arguments(String keyword, String rest, char escape) {
        return switch (keyword) {
            case "add", "copy", "volume" -> maybeJsonToList(rest);
            case "cmd", "entrypoint", "run", "shell" -> maybeJson(rest);
            case "from", "expose" -> Split.of(whitespaceDelimited(rest));
            case "arg" -> Split.of(KeyValueWords.split(rest, escape));
            case "env" -> Split.of(nameValues(rest, "ENV", escape));
            case "label" -> Split.of(nameValues(rest, "LABEL", escape));
            case "healthcheck" -> healthcheck(rest);
            case "maintainer", "stopsignal", "user", "workdir" -> Split.of(rest.isEmpty() ? List.of() : List.of(rest));
            default -> Split.NONE; // ONBUILD without an instruction, or an unknown keyword
        };
    }

    private static Split maybeJson(String rest) {
        if (rest.isEmpty()) {
            return Split.NONE;
        }
        return JsonArgs.parse(rest).map(args -> new Split(args, true)).orElseGet(() -> Split.of(List.of(rest)));
    }

    private static Split maybeJsonToList(String rest) {
        return JsonArgs.parse(rest).map(args -> new Split(args, true))
                .orElseGet(() -> Split.of(whitespaceDelimited(rest)));
    }

    private static List<String> whitespaceDelimited(String rest) {
        return rest.isEmpty() ? List.of() : GoText.splitBlanks(rest, -1);
    }

    /** HEALTHCHECK: its first word ({@code CMD}, {@code NONE}), then the rest as for CMD. */
    private static Split healthcheck(String rest) {
        int sep = 0;
        while (sep < rest.length() && !GoText.isSpace(rest.charAt(sep))) {
            sep++;
        }
        if (sep == 0) {
            return Split.NONE;
        }
        int next = sep;
        while (next < rest.length() && GoText.isSpace(rest.charAt(next))) {
            next++;
        }
        Split command = maybeJson(rest.substring(next));
        var args = new ArrayList<String>();
        args.add(rest.substring(0, sep));
        args.addAll(command.args());
        return new Split(args, command.json());
    }

    /**
     * ENV and LABEL: three arguments per pair, key, value and {@code "="} for {@code k=v ...};
     * key, rest of the line and {@code ""} for the legacy {@code KEY value} form.
     */
    private static List<String> nameValues(String rest, String keyword, char escape) {
        List<String> words = KeyValueWords.split(rest, escape);
        if (words.isEmpty()) {
            throw new SyntaxProblem(keyword + " requires at least one argument");
        }
        if (!words.getFirst().contains("=")) {
            List<String> parts = GoText.splitBlanks(rest, 2);
            if (parts.size() < 2) {
                throw new SyntaxProblem(keyword + " " + rest + ": " + keyword
                        + " must have two arguments (" + keyword + " name value) or use name=value");
            }
            return List.of(parts.get(0), parts.get(1), "");
        }
        var args = new ArrayList<String>();
        for (String word : words) {
            int eq = word.indexOf('=');
            if (eq < 0) {
                throw new SyntaxProblem(keyword + ": can't find = in \"" + word
                        + "\"; it must be of the form name=value");
            }
            args.add(word.substring(0, eq));
            args.add(word.substring(eq + 1));
            args.add("=");
        }
        return args;
    }

    static String lower(String keyword) {
        return keyword.toLowerCase(Locale.ROOT);
    }
}
