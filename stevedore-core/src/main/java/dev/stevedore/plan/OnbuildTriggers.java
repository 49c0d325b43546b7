package dev.stevedore.plan;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.dockerfile.DockerfileParser;
import dev.stevedore.dockerfile.Instruction;
import dev.stevedore.dockerfile.syntax.DockerfileSyntax;
import dev.stevedore.dockerfile.syntax.Node;
import dev.stevedore.dockerfile.syntax.SyntaxTree;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code ONBUILD} triggers of a base image (its config's {@code OnBuild} list), parsed so the
 * executor can run them at the start of a stage that uses the image, before the stage's own
 * instructions, as BuildKit does. Each trigger is one instruction, parsed as a one-instruction
 * Dockerfile body with the default escape character.
 */
public final class OnbuildTriggers {

    private OnbuildTriggers() {}

    /**
     * The typed instructions of {@code triggers}, in order.
     *
     * @param image the base image, named in errors
     * @throws InvalidInputException naming the image and the trigger for a trigger that does not
     *                               parse, is not exactly one instruction, or is ONBUILD, FROM or
     *                               MAINTAINER (not allowed as triggers)
     */
    public static List<Instruction> parse(List<String> triggers, String image) {
        List<Instruction> parsed = new ArrayList<>();
        for (String trigger : triggers) {
            parsed.add(parseOne(trigger, image));
        }
        return List.copyOf(parsed);
    }

    private static Instruction parseOne(String trigger, String image) {
        String where = "ONBUILD trigger \"" + trigger + "\" of base image " + image;
        // The FROM makes the trigger a stage body the typed layer accepts; it is dropped below.
        byte[] text = ("FROM scratch\n" + trigger + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            SyntaxTree tree = DockerfileSyntax.parse(where, text);
            if (tree.nodes().size() != 2) {
                throw new InvalidInputException(where + ": a trigger must be exactly one instruction");
            }
            Node node = tree.nodes().get(1);
            String keyword = node.keyword().toUpperCase(Locale.ROOT);
            switch (keyword) {
                case "ONBUILD" -> throw new InvalidInputException(
                        where + ": Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
                case "FROM", "MAINTAINER" -> throw new InvalidInputException(
                        where + ": " + keyword + " isn't allowed as an ONBUILD trigger");
                default -> { }
            }
            return DockerfileParser.parse(tree).stages().getFirst().instructions().getFirst();
        } catch (InvalidInputException e) {
            if (e.diagnostic().isEmpty() && e.getMessage().startsWith(where + ": ")) {
                throw e;
            }
            String reason = e.diagnostic().map(d -> d.message()).orElse(e.getMessage());
            throw new InvalidInputException(where + ": " + reason, e);
        }
    }
}
