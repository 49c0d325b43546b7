package dev.stevedore.dockerfile;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.diag.SourceRange;
import dev.stevedore.dockerfile.Flags.Kind;
import dev.stevedore.dockerfile.syntax.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns one syntax {@link Node} into its typed {@link Instruction}, as BuildKit's
 * {@code instructions/parse.go} does. Errors are thrown without a location:
 * {@link DockerfileParser} adds the node's file and lines in one place.
 */
final class InstructionParser {

    static final List<String> KEYWORDS = List.of("ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE",
            "FROM", "HEALTHCHECK", "LABEL", "MAINTAINER", "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER",
            "VOLUME", "WORKDIR");

    /** BuildKit's rule for stage names, after lower-casing. */
    private static final Pattern STAGE_NAME = Pattern.compile("^[a-z][a-z0-9._-]*$");

    private final Node node;
    private final SourceRange range;
    private final String original;
    private final List<String> args;

    private InstructionParser(Node node) {
        this.node = node;
        this.range = node.range();
        this.original = node.original();
        this.args = node.args();
    }

    /** The typed form of {@code node}; an {@link InvalidInputException} (without location) if it is wrong. */
    static Instruction parse(Node node) {
        return new InstructionParser(node).instruction();
    }

    private Instruction instruction() {
        return switch (node.keyword().toLowerCase(Locale.ROOT)) {
            case "from" -> from();
            case "run" -> RunParser.run(node);
            case "cmd" -> new Instruction.Cmd(range, original, command("CMD", true));
            case "entrypoint" -> new Instruction.Entrypoint(range, original, command("ENTRYPOINT", true));
            case "label" -> new Instruction.Label(range, original, pairs("LABEL"));
            case "maintainer" -> new Instruction.Maintainer(range, original, exactlyOne("MAINTAINER"));
            case "expose" -> new Instruction.Expose(range, original, atLeastOne("EXPOSE"));
            case "env" -> new Instruction.Env(range, original, pairs("ENV"));
            case "add" -> CopyParser.add(node);
            case "copy" -> CopyParser.copy(node);
            case "volume" -> volume();
            case "user" -> new Instruction.User(range, original, exactlyOne("USER"));
            case "workdir" -> new Instruction.Workdir(range, original, exactlyOne("WORKDIR"));
            case "arg" -> arg();
            case "onbuild" -> onbuild();
            case "stopsignal" -> new Instruction.StopSignal(range, original, exactlyOne("STOPSIGNAL"));
            case "healthcheck" -> HealthcheckParser.healthcheck(node);
            case "shell" -> shell();
            default -> throw unknownInstruction();
        };
    }

    private InvalidInputException unknownInstruction() {
        String written = original.strip().split("\\s+", 2)[0];
        String shown = written.isEmpty() ? node.keyword().toUpperCase(Locale.ROOT) : written;
        return new InvalidInputException(Suggestions.withSuggestion(
                "unknown instruction: " + shown, shown, KEYWORDS, ""));
    }

    private Instruction.From from() {
        Flags flags = Flags.parse(node.flags(), Map.of("platform", Kind.STRING));
        Optional<String> name = Optional.empty();
        if (args.size() == 3 && args.get(1).equalsIgnoreCase("as")) {
            String lower = args.get(2).toLowerCase(Locale.ROOT);
            if (!STAGE_NAME.matcher(lower).matches()) {
                throw new InvalidInputException("invalid name for build stage: \"" + args.get(2)
                        + "\", name can't start with a number or contain symbols");
            }
            name = Optional.of(lower);
        } else if (args.size() != 1) {
            throw new InvalidInputException("FROM requires either one or three arguments (FROM image [AS name])"
                    + (args.isEmpty() ? "" : ", got \"" + String.join(" ", args) + "\""));
        }
        return new Instruction.From(range, original, args.getFirst(), flags.string("platform"), name);
    }

    /** The command of RUN, CMD or ENTRYPOINT; {@code allowEmptyExec} lets {@code CMD []} reset it. */
    CommandLine command(String keyword, boolean allowEmptyExec) {
        Flags.none(node.keyword(), node.flags());
        return commandLine(keyword, node.json(), args, allowEmptyExec);
    }

    static CommandLine commandLine(String keyword, boolean json, List<String> words, boolean allowEmptyExec) {
        if (json) {
            if (words.isEmpty() && !allowEmptyExec) {
                throw atLeastOneArgument(keyword);
            }
            return new CommandLine.ExecForm(words);
        }
        String text = String.join(" ", words);
        if (text.isBlank()) {
            throw atLeastOneArgument(keyword);
        }
        return new CommandLine.ShellForm(text);
    }

    private List<KeyValue> pairs(String keyword) {
        Flags.none(node.keyword(), node.flags());
        if (args.isEmpty()) {
            throw atLeastOneArgument(keyword);
        }
        if (args.size() % 3 != 0) {
            throw new InvalidInputException(keyword + " must have a value for \"" + args.getLast()
                    + "\" (use " + keyword + " name=value)");
        }
        List<KeyValue> pairs = new ArrayList<>();
        for (int i = 0; i < args.size(); i += 3) {
            if (args.get(i).isEmpty()) {
                throw new InvalidInputException(keyword + " names can not be blank");
            }
            pairs.add(new KeyValue(args.get(i), args.get(i + 1), args.get(i + 2).isEmpty()));
        }
        return pairs;
    }

    private String exactlyOne(String keyword) {
        Flags.none(node.keyword(), node.flags());
        if (args.size() != 1) {
            throw new InvalidInputException(keyword + " requires exactly one argument"
                    + (args.isEmpty() ? "" : ", got \"" + String.join(" ", args) + "\""));
        }
        return args.getFirst();
    }

    private List<String> atLeastOne(String keyword) {
        Flags.none(node.keyword(), node.flags());
        if (args.isEmpty()) {
            throw atLeastOneArgument(keyword);
        }
        return args;
    }

    private Instruction.Volume volume() {
        List<String> paths = new ArrayList<>();
        for (String path : atLeastOne("VOLUME")) {
            if (path.isBlank()) {
                throw new InvalidInputException("VOLUME specified can not be an empty string");
            }
            paths.add(path.strip());
        }
        return new Instruction.Volume(range, original, paths);
    }

    private Instruction.Arg arg() {
        List<ArgDecl> decls = new ArrayList<>();
        for (String word : atLeastOne("ARG")) {
            int eq = word.indexOf('=');
            String name = eq < 0 ? word : word.substring(0, eq);
            if (name.isEmpty()) {
                throw new InvalidInputException("ARG names can not be blank: \"" + word + "\"");
            }
            decls.add(new ArgDecl(name, eq < 0 ? Optional.empty() : Optional.of(word.substring(eq + 1))));
        }
        return new Instruction.Arg(range, original, decls);
    }

    private Instruction.Onbuild onbuild() {
        Flags.none(node.keyword(), node.flags());
        Node trigger = node.nested().orElseThrow(() -> atLeastOneArgument("ONBUILD"));
        String keyword = trigger.keyword().toUpperCase(Locale.ROOT);
        switch (keyword) {
            case "ONBUILD" -> throw new InvalidInputException("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
            case "FROM", "MAINTAINER" -> throw new InvalidInputException(keyword + " isn't allowed as an ONBUILD trigger");
            default -> { }
        }
        return new Instruction.Onbuild(range, original, parse(trigger));
    }

    private Instruction.Shell shell() {
        Flags.none(node.keyword(), node.flags());
        if (!node.json()) {
            throw new InvalidInputException("SHELL requires the arguments to be in JSON form, got \""
                    + String.join(" ", args) + "\" (e.g. SHELL [\"/bin/sh\", \"-c\"])");
        }
        if (args.isEmpty()) {
            throw atLeastOneArgument("SHELL");
        }
        return new Instruction.Shell(range, original, args);
    }

    static InvalidInputException atLeastOneArgument(String keyword) {
        return new InvalidInputException(keyword + " requires at least one argument");
    }
}
