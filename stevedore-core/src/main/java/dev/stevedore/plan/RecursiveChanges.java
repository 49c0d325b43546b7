package dev.stevedore.plan;

import dev.stevedore.dockerfile.CommandLine;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code chown -R} and {@code chmod -R} commands of a RUN, as far as they can be read
 * without running a shell: the command text is cut at {@code &&}, {@code ||}, {@code ;},
 * {@code |} and new lines, each piece split at blanks (plain quotes dropped), a leading
 * {@code sudo} skipped. What cannot be read this way (a command built in a variable, a loop) is
 * not reported.
 */
final class RecursiveChanges {

    /** One {@code chown -R OWNER PATH...} or {@code chmod -R MODE PATH...}; the paths as written. */
    record Change(String command, List<String> paths) {}

    private static final Pattern SEPARATORS = Pattern.compile("&&|\\|\\||[;|\\n]");
    private static final Pattern BLANKS = Pattern.compile("[ \\t]+");

    private RecursiveChanges() {}

    static List<Change> of(CommandLine command) {
        List<Change> changes = new ArrayList<>();
        switch (command) {
            case CommandLine.ExecForm e -> change(e.args()).ifPresent(changes::add);
            case CommandLine.ShellForm s -> {
                for (String piece : SEPARATORS.split(s.text().replace("\\\n", " "))) {
                    List<String> words = new ArrayList<>();
                    for (String word : BLANKS.split(piece.strip())) {
                        if (!word.isEmpty()) {
                            words.add(unquote(word));
                        }
                    }
                    change(words).ifPresent(changes::add);
                }
            }
        }
        return changes;
    }

    private static Optional<Change> change(List<String> words) {
        int first = !words.isEmpty() && words.getFirst().equals("sudo") ? 1 : 0;
        if (words.size() <= first) {
            return Optional.empty();
        }
        String program = words.get(first);
        String name = program.substring(program.lastIndexOf('/') + 1);
        if (!name.equals("chown") && !name.equals("chmod")) {
            return Optional.empty();
        }
        boolean recursive = false;
        boolean reference = false;
        List<String> operands = new ArrayList<>();
        for (String word : words.subList(first + 1, words.size())) {
            if (word.startsWith("--")) {
                recursive |= word.equals("--recursive");
                reference |= word.startsWith("--reference");
            } else if (word.startsWith("-") && word.length() > 1 && isFlags(word)) {
                recursive |= word.indexOf('R') > 0;
            } else {
                operands.add(word);
            }
        }
        // chown -R --reference=FILE PATH... has no owner operand
        int skip = reference ? 0 : 1;
        if (!recursive || operands.size() <= skip) {
            return Optional.empty();
        }
        return Optional.of(new Change(name, List.copyOf(operands.subList(skip, operands.size()))));
    }

    /** Option letters of chown and chmod ({@code -Rf}, {@code -hR}); not a chmod mode such as {@code -w}. */
    private static boolean isFlags(String word) {
        return word.substring(1).chars().allMatch(c -> "RHLPcfhv".indexOf(c) >= 0);
    }

    private static String unquote(String word) {
        if (word.length() >= 2 && (word.startsWith("\"") && word.endsWith("\"")
                || word.startsWith("'") && word.endsWith("'"))) {
            return word.substring(1, word.length() - 1);
        }
        return word;
    }
}
