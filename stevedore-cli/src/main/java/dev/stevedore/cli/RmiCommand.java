package dev.stevedore.cli;

import dev.stevedore.api.images.Images;

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
        description = {"Remove image names (blobs are removed by prune).",
                "A name removes exactly that name; an image id removes every name of the image"
                        + " (-f when it has several) and forgets it when it has none."})
final class RmiCommand implements Runnable {

    @ParentCommand
    StevedoreCommand root;

    @Parameters(arity = "1..*", paramLabel = "IMAGE")
    List<String> images;

    @Option(names = {"-f", "--force"},
        description = "Remove every name of an image id that has several (a name is always removed alone).")
    boolean force;

    @Override
    public void run() {
        for (Images.Removal removal : root.images().remove(images, force)) {
            root.out().println(switch (removal) {
                case Images.Removal.Untagged u -> "Untagged: " + u.name();
                case Images.Removal.Deleted d -> "Deleted: " + d.id();
            });
        }
        root.out().flush();
    }
}
