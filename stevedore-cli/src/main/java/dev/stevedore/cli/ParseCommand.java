package dev.stevedore.cli;

import dev.stevedore.diag.Diagnostic;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.diag.NotFoundException;
import dev.stevedore.dockerfile.Dockerfile;
import dev.stevedore.dockerfile.DockerfileJson;
import dev.stevedore.dockerfile.DockerfileParser;
import dev.stevedore.dockerfile.syntax.DockerfileSyntax;
import dev.stevedore.dockerfile.syntax.DumpPrinter;
import dev.stevedore.dockerfile.syntax.SyntaxTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code stevedore parse [-f FILE] [--format=json|dump]}: prints a Dockerfile as the typed tree
 * (JSON, for tools and editors) or as BuildKit's parser dump (to compare the two parsers).
 * {@code dump} needs only the syntax layer to accept the file, as BuildKit's dump does;
 * {@code json} needs the typed layer too.
 */
@Command(name = "parse", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {"  stevedore parse -f Dockerfile",
                "  stevedore parse --format=dump < Dockerfile"},
        description = "Parse a Dockerfile and print it as JSON (typed tree) or as BuildKit's parser dump.")
final class ParseCommand implements Runnable {

    enum Format { json, dump }

    @ParentCommand
    StevedoreCommand root;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", defaultValue = "Dockerfile",
            description = "The Dockerfile to parse; '-' reads standard input (default: ${DEFAULT-VALUE}).")
    String file;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "json",
            description = "json (the typed tree) or dump (BuildKit's parser test format) (default: ${DEFAULT-VALUE}).")
    Format format;

    @Override
    public void run() {
        // BuildKit names standard input "Dockerfile" in its messages too.
        String name = file.equals("-") ? "Dockerfile" : file;
        byte[] content = read();
        String text;
        List<Diagnostic> warnings;
        switch (format) {
            case json -> {
                Dockerfile dockerfile = DockerfileParser.parse(name, content);
                text = DockerfileJson.write(dockerfile);
                warnings = dockerfile.warnings();
            }
            case dump -> {
                SyntaxTree tree = DockerfileSyntax.parse(name, content);
                text = DumpPrinter.print(tree);
                warnings = tree.warnings();
            }
            default -> throw new IllegalStateException(format.name());
        }
        warnings.forEach(w -> root.err().println("WARNING: " + w.format()));
        root.out().print(text);
        root.out().flush();
    }

    private byte[] read() {
        try {
            return file.equals("-") ? root.in().readAllBytes() : Files.readAllBytes(root.invocation().path(file));
        } catch (NoSuchFileException e) {
            throw new NotFoundException("Dockerfile not found: " + file);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
