package dev.stevedore.cli;

import dev.stevedore.api.images.HumanUnits;
import dev.stevedore.api.images.Images;
import dev.stevedore.api.images.PruneReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code stevedore prune}: removes blobs nothing needs. */
@Command(name = "prune", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {"  stevedore prune", "  stevedore prune -a"},
        description = {"Remove untagged images but the newest, then blobs that no image, cache record or running build"
                + " needs, and extracted layers no image uses.",
                "An untagged image is the result of a build without -t (or an import without a name), listed"
                        + " as <none> by images and addressable by its id. The newest one is kept, so that"
                        + " `stevedore run $(stevedore build -q .)` cannot lose its image to a prune running in"
                        + " between; -a removes it too. Tagged images are never removed: rmi their names first."})
final class PruneCommand implements Runnable {

    @ParentCommand
    StevedoreCommand root;

    @Option(names = {"-a", "--all"}, description = "Also remove the newest untagged image.")
    boolean all;

    @Override
    public void run() {
        Images images = root.images();
        PruneReport result = images.prune(all);
        root.warnBroken(images);
        result.untaggedImages().forEach(id -> root.out().println("deleted image: " + id));
        result.blobs().removed().forEach(b -> root.out().println("deleted: " + b.digest()));
        result.snapshots().removed().forEach(d -> root.out().println("deleted snapshot: " + d));
        root.out().println("Total reclaimed space: " + HumanUnits.size(result.bytesFreed()));
        root.out().flush();
    }
}
