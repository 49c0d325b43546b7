package dev.stevedore.dockerfile;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.dockerfile.Flags.Kind;
import dev.stevedore.dockerfile.syntax.Heredoc;
import dev.stevedore.dockerfile.syntax.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * COPY and ADD: sources and destination, with heredoc sources ({@code COPY <<EOF /file})
 * turned into inline files, and each instruction's flags.
 */
final class CopyParser {

    private static final Map<String, Kind> COPY_FLAGS = Map.of(
            "from", Kind.STRING, "chown", Kind.STRING, "chmod", Kind.STRING, "link", Kind.BOOL,
            "parents", Kind.BOOL, "exclude", Kind.STRINGS);

    private static final Map<String, Kind> ADD_FLAGS = Map.of(
            "chown", Kind.STRING, "chmod", Kind.STRING, "link", Kind.BOOL, "keep-git-dir", Kind.BOOL,
            "checksum", Kind.STRING, "unpack", Kind.BOOL, "exclude", Kind.STRINGS);

    /** A heredoc marker as BuildKit recognises one among COPY/ADD sources: {@code [n]<<[-]["']NAME["']}. */
    private static final Pattern HEREDOC_MARKER = Pattern.compile("^\\d*<<-?([^<]*)$");

    private CopyParser() {}

    static Instruction.Copy copy(Node node) {
        checkCount("COPY", node);
        Flags f = Flags.parse(node.flags(), COPY_FLAGS);
        return new Instruction.Copy(node.range(), node.original(), sources(node), destination("COPY", node),
                f.string("from"), f.string("chown"), f.string("chmod"), f.bool("link"), f.bool("parents"),
                f.strings("exclude"));
    }

    static Instruction.Add add(Node node) {
        checkCount("ADD", node);
        Flags f = Flags.parse(node.flags(), ADD_FLAGS);
        return new Instruction.Add(node.range(), node.original(), sources(node), destination("ADD", node),
                f.string("chown"), f.string("chmod"), f.bool("link"), f.bool("keep-git-dir"),
                f.string("checksum"), f.optionalBool("unpack"), f.strings("exclude"));
    }

    private static void checkCount(String keyword, Node node) {
        if (node.args().size() < 2) {
            throw new InvalidInputException(keyword + " requires at least two arguments, but only "
                    + (node.args().isEmpty() ? "none was" : "one was") + " provided. Destination could not be determined.");
        }
    }

    private static String destination(String keyword, Node node) {
        String dest = node.args().getLast();
        if (!node.json() && heredocName(dest).isPresent()) {
            throw new InvalidInputException(keyword + " cannot accept a heredoc as a destination: " + dest);
        }
        return dest;
    }

    private static List<CopySource> sources(Node node) {
        List<CopySource> sources = new ArrayList<>();
        for (String src : node.args().subList(0, node.args().size() - 1)) {
            Optional<Heredoc> heredoc = node.json() ? Optional.empty()
                    : heredocName(src).flatMap(name -> node.heredocs().stream()
                            .filter(h -> h.name().equals(name)).findFirst());
            sources.add(heredoc.<CopySource>map(CopySource.Inline::new).orElseGet(() -> new CopySource.Path(src)));
        }
        return sources;
    }

    /** The delimiter of a heredoc marker word, quotes removed; empty when {@code word} is no marker. */
    private static Optional<String> heredocName(String word) {
        Matcher m = HEREDOC_MARKER.matcher(word);
        if (!m.matches()) {
            return Optional.empty();
        }
        String name = m.group(1).replace("\"", "").replace("'", "");
        return name.isEmpty() ? Optional.empty() : Optional.of(name);
    }
}
