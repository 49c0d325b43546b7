package dev.stevedore.cli;

import dev.stevedore.api.images.HumanUnits;
import dev.stevedore.api.images.Images;
import dev.stevedore.api.images.PruneReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code stevedore prune}: removes blobs nothing needs. */
@Command(name = "prune", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {"  stevedore prune"},
        description = "Remove blobs that no tag, cache record or running build needs, and extracted layers no tagged image uses.")
final class PruneCommand implements Runnable {

    @ParentCommand
    StevedoreCommand root;

    @Override
    public void run() {
        Images images = root.images();
        PruneReport result = images.prune();
        root.warnBroken(images);
        result.blobs().removed().forEach(b -> root.out().println("deleted: " + b.digest()));
        result.snapshots().removed().forEach(d -> root.out().println("deleted snapshot: " + d));
        root.out().println("Total reclaimed space: " + HumanUnits.size(result.bytesFreed()));
        root.out().flush();
    }
}
