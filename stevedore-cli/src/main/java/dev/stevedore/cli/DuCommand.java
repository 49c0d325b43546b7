package dev.stevedore.cli;

import dev.stevedore.api.images.HumanUnits;
import dev.stevedore.store.DiskUsage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code stevedore du}: space used by blobs, snapshots and the build cache. */
@Command(name = "du", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {"  stevedore du",
                "  stevedore du --verbose",
                "  stevedore --root /srv/stevedore du"},
        description = "Show the space the store uses.")
final class DuCommand implements Runnable {

    @ParentCommand
    StevedoreCommand root;

    @Option(names = {"-v", "--verbose"}, description = "Also list each cache mount (RUN --mount=type=cache) by id,"
            + " with its size and last use, least recently used first.")
    boolean verbose;

    @Override
    public void run() {
        DiskUsage du = root.images().du();
        Table table = new Table("TYPE", "SIZE");
        table.row("Blobs", HumanUnits.size(du.blobs()));
        table.row("Snapshots", HumanUnits.size(du.snapshots()));
        table.row("Build cache", HumanUnits.size(du.cache()));
        table.row("Blobs only the build cache holds", HumanUnits.size(du.cacheBlobs()));
        table.row("Cache mounts", HumanUnits.size(du.cacheMountBytes()));
        table.row("Total", HumanUnits.size(du.total()));
        table.print(root.out());
        if (verbose && !du.cacheMounts().isEmpty()) {
            root.out().println();
            Table mounts = new Table("CACHE MOUNT", "SIZE", "LAST USED");
            du.cacheMounts().forEach(m -> mounts.row(m.id(), HumanUnits.size(m.bytes()), HumanUnits.ago(java.time.Duration.between(m.lastUsed(), java.time.Instant.now()))));
            mounts.print(root.out());
        }
    }
}
