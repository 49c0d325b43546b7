package dev.stevedore.dockerfile;

import dev.stevedore.diag.Diagnostic;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.dockerfile.syntax.DockerfileSyntax;
import dev.stevedore.dockerfile.syntax.Node;
import dev.stevedore.dockerfile.syntax.SyntaxTree;
import java.util.ArrayList;
import java.util.List;

/**
 * The typed layer of the front end: a {@link SyntaxTree} in, a {@link Dockerfile} out, as
 * BuildKit's {@code instructions.Parse} does. Every error is an {@link InvalidInputException}
 * whose {@link Diagnostic} names the file and the instruction's first line; the per-instruction
 * code never deals with locations, this class adds them in one place.
 *
 * <p>Checked here: each instruction's flags and arguments, that only ARG comes before the first
 * FROM, that there is at least one FROM, and that stage names are valid. Not here: references
 * between stages, variable expansion, lint rules (a stage name used twice is BuildKit's
 * {@code DuplicateStageName} warning, not an error; the planner resolves such names).
 */
public final class DockerfileParser {

    private DockerfileParser() {}

    /**
     * Parses a Dockerfile: the syntax layer, then the typed layer.
     *
     * @param fileName the name the user knows the file by, for diagnostics
     * @param content  the file's bytes, UTF-8
     * @throws InvalidInputException naming the file, line and offending text
     */
    public static Dockerfile parse(String fileName, byte[] content) {
        return parse(DockerfileSyntax.parse(fileName, content));
    }

    /** The typed Dockerfile of {@code tree}. */
    public static Dockerfile parse(SyntaxTree tree) {
        List<Instruction.Arg> metaArgs = new ArrayList<>();
        List<Stage> stages = new ArrayList<>();
        Instruction.From from = null;
        List<Instruction> body = new ArrayList<>();
        for (Node node : tree.nodes()) {
            Instruction instruction = located(tree.file(), node);
            if (instruction instanceof Instruction.From next) {
                if (from != null) {
                    stages.add(new Stage(stages.size(), from, body));
                }
                from = next;
                body = new ArrayList<>();
            } else if (from != null) {
                body.add(instruction);
            } else if (instruction instanceof Instruction.Arg arg) {
                metaArgs.add(arg);
            } else {
                throw new InvalidInputException(Diagnostic.error(tree.file(), node.range(),
                        "no build stage in current context: " + instruction.keyword()
                                + " must come after a FROM (only ARG may come before the first FROM)"));
            }
        }
        if (from == null) {
            throw new InvalidInputException(Diagnostic.error(tree.file(), null, tree.nodes().isEmpty()
                    ? "file with no instructions" : "no FROM instruction: a Dockerfile needs at least one stage"));
        }
        stages.add(new Stage(stages.size(), from, body));
        return new Dockerfile(tree.file(), tree.directives(), metaArgs, stages, tree.warnings());
    }

    /** The one place where an instruction's error gets its location. */
    private static Instruction located(String file, Node node) {
        try {
            return InstructionParser.parse(node);
        } catch (InvalidInputException e) {
            if (e.diagnostic().isPresent()) {
                throw e;
            }
            throw new InvalidInputException(Diagnostic.error(file, node.range(), e.getMessage()));
        }
    }
}
