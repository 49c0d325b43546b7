package dev.stevedore.dockerfile;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.dockerfile.Flags.Kind;
import dev.stevedore.dockerfile.syntax.Node;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** RUN: its command, heredocs, and the {@code --mount}, {@code --network}, {@code --security} flags. */
final class RunParser {

    private static final Map<String, Kind> FLAGS = Map.of(
            "mount", Kind.STRINGS, "network", Kind.STRING, "security", Kind.STRING);

    private RunParser() {}

    static Instruction.Run run(Node node) {
        Flags flags = Flags.parse(node.flags(), FLAGS);
        List<Mount> mounts = flags.strings("mount").stream().map(MountParser::parse).toList();
        Instruction.Network network = flags.string("network").map(RunParser::network)
                .orElse(Instruction.Network.DEFAULT);
        Instruction.Security security = flags.string("security").map(RunParser::security)
                .orElse(Instruction.Security.SANDBOX);
        CommandLine command = InstructionParser.commandLine("RUN", node.json(), node.args(), false);
        return new Instruction.Run(node.range(), node.original(), command, mounts, network, security,
                node.heredocs());
    }

    private static Instruction.Network network(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "default" -> Instruction.Network.DEFAULT;
            case "none" -> Instruction.Network.NONE;
            case "host" -> Instruction.Network.HOST;
            default -> throw new InvalidInputException(
                    "unsupported network mode \"" + value + "\" in --network (use default, none or host)");
        };
    }

    private static Instruction.Security security(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "sandbox" -> Instruction.Security.SANDBOX;
            case "insecure" -> Instruction.Security.INSECURE;
            default -> throw new InvalidInputException(
                    "unsupported security mode \"" + value + "\" in --security (use sandbox or insecure)");
        };
    }
}
