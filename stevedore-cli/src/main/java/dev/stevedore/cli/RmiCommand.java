package dev.stevedore.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code stevedore rmi IMAGE...}: removes tags; the blobs go at the next prune. */
@Command(name = "rmi", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {"  stevedore rmi app:1",
                "  stevedore rmi -f app:1 app:2"},
        description = "Remove image tags (blobs are removed by prune).")
final class RmiCommand implements Runnable {

    @ParentCommand
    StevedoreCommand root;

    @Parameters(arity = "1..*", paramLabel = "IMAGE")
    List<String> images;

    @Option(names = {"-f", "--force"},
        description = "Remove every tag of an image id that has several.")
    boolean force;

    @Override
    public void run() {
        root.images().remove(images, force).forEach(r -> root.out().println("Untagged: " + r.untagged()));
        root.out().flush();
    }
}
