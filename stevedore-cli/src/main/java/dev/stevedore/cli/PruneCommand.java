package dev.stevedore.cli;

import dev.stevedore.api.images.HumanUnits;
import dev.stevedore.store.PruneResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code stevedore prune}: removes blobs nothing needs. */
@Command(name = "prune", mixinStandardHelpOptions = true,
        description = "Remove blobs that no tag, cache record or running build needs.")
final class PruneCommand implements Runnable {

    @ParentCommand
    StevedoreCommand root;

    @Override
    public void run() {
        PruneResult result = root.images().prune();
        result.removed().forEach(b -> root.out().println("deleted: " + b.digest()));
        root.out().println("Total reclaimed space: " + HumanUnits.size(result.bytesFreed()));
        root.out().flush();
    }
}
