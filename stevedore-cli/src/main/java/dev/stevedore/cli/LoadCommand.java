package dev.stevedore.cli;

import dev.stevedore.api.images.LoadResult;
import dev.stevedore.diag.NotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code stevedore load -i FILE}: a docker or OCI archive (gzip or not) into the store. */
@Command(name = "load", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {"  stevedore load -i app.tar",
                "  gzip -dc app.tar.gz | stevedore load"},
        description = "Load images from a docker or OCI archive.")
final class LoadCommand implements Runnable {

    @ParentCommand
    StevedoreCommand root;

    @Option(names = {"-i", "--input"}, paramLabel = "FILE", defaultValue = "-",
            description = "The archive to read; '-' reads standard input (default).")
    String input;

    @Option(names = {"-q", "--quiet"},
        description = "Print nothing.")
    boolean quiet;

    @Override
    public void run() {
        LoadResult result;
        if (input.equals("-")) {
            result = root.images().load(root.in(), "standard input");
        } else {
            try (InputStream in = Files.newInputStream(root.invocation().path(input))) {
                result = root.images().load(in, input);
            } catch (NoSuchFileException e) {
                throw new NotFoundException("archive " + input + " does not exist");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (quiet) {
            return;
        }
        for (LoadResult.Loaded image : result.images()) {
            if (image.tags().isEmpty()) {
                root.out().println("Loaded image ID: " + image.id());
            }
            image.tags().forEach(t -> root.out().println("Loaded image: " + t.familiarString()));
        }
        root.out().flush();
    }
}
