package dev.stevedore.dockerfile;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.dockerfile.Flags.Kind;
import dev.stevedore.dockerfile.syntax.Node;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** HEALTHCHECK NONE, or HEALTHCHECK [--interval, --timeout, --start-period, --start-interval, --retries] CMD. */
final class HealthcheckParser {

    private static final Map<String, Kind> FLAGS = Map.of(
            "interval", Kind.STRING, "timeout", Kind.STRING, "start-period", Kind.STRING,
            "start-interval", Kind.STRING, "retries", Kind.STRING);

    /** Docker refuses durations below this (other than zero, which means "inherit"). */
    private static final Duration MINIMUM = Duration.ofMillis(1);

    private HealthcheckParser() {}

    static Instruction.Healthcheck healthcheck(Node node) {
        if (node.args().isEmpty()) {
            throw InstructionParser.atLeastOneArgument("HEALTHCHECK");
        }
        String type = node.args().getFirst().toUpperCase(Locale.ROOT);
        var rest = node.args().subList(1, node.args().size());
        if (type.equals("NONE")) {
            if (!rest.isEmpty()) {
                throw new InvalidInputException("HEALTHCHECK NONE takes no arguments, got \"" + String.join(" ", rest) + "\"");
            }
            if (!node.flags().isEmpty()) {
                throw new InvalidInputException("HEALTHCHECK NONE takes no options, got " + String.join(" ", node.flags()));
            }
            return new Instruction.Healthcheck(node.range(), node.original(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        }
        Flags f = Flags.parse(node.flags(), FLAGS);
        if (!type.equals("CMD")) {
            throw new InvalidInputException("Unknown type \"" + node.args().getFirst() + "\" in HEALTHCHECK (try CMD)");
        }
        if (rest.isEmpty() || (!node.json() && String.join(" ", rest).isBlank())) {
            throw new InvalidInputException("Missing command after HEALTHCHECK CMD");
        }
        CommandLine command = node.json() ? new CommandLine.ExecForm(rest)
                : new CommandLine.ShellForm(String.join(" ", rest));
        return new Instruction.Healthcheck(node.range(), node.original(), Optional.of(command),
                duration(f, "interval"), duration(f, "timeout"), duration(f, "start-period"),
                duration(f, "start-interval"), retries(f));
    }

    private static Optional<Duration> duration(Flags f, String name) {
        return f.string(name).map(text -> {
            Duration d = GoDuration.parse("--" + name, text);
            if (!d.isZero() && d.compareTo(MINIMUM) < 0) {
                throw new InvalidInputException("--" + name + "=" + text + ": cannot be less than 1ms");
            }
            return d;
        });
    }

    private static Optional<Integer> retries(Flags f) {
        return f.string("retries").map(text -> {
            int n;
            try {
                n = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw new InvalidInputException("--retries=" + text + ": not a whole number");
            }
            if (n < 0) {
                throw new InvalidInputException("--retries cannot be negative (" + n + ")");
            }
            return n;
        });
    }
}
