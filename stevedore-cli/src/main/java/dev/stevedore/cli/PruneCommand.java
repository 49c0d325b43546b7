package dev.stevedore.cli;

import dev.stevedore.api.images.HumanUnits;
import dev.stevedore.api.images.Images;
import dev.stevedore.api.images.PruneReport;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.store.CacheLimit;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code stevedore prune}: removes blobs nothing needs. */
@Command(name = "prune", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {"  stevedore prune", "  stevedore prune -a", "  stevedore prune --keep-storage 10GB",
                "  stevedore prune --filter until=24h"},
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

    @Option(names = "--keep-storage", paramLabel = "SIZE",
            description = "Remove the least recently used build cache records (and what only they hold) and cache"
                    + " mounts' contents until the blobs only the build cache holds and the cache mounts fit in SIZE"
                    + " (e.g. 10GB), as docker builder prune; a cache mount a running build holds stays.")
    String keepStorage;

    @Option(names = "--filter", paramLabel = "until=DURATION",
            description = "Remove the build cache records and cache mounts' contents not used for DURATION (e.g. 24h,"
                    + " 90m); with --keep-storage,"
                    + " only those, and only while the cache is bigger.")
    String filter;

    @Override
    public void run() {
        Images images = root.images();
        PruneReport result = images.prune(all, limit());
        root.warnBroken(images);
        result.untaggedImages().forEach(id -> root.out().println("deleted image: " + id));
        result.blobs().records().forEach(k -> root.out().println("deleted cache record: " + k));
        result.blobs().cacheMounts().forEach(id -> root.out().println("emptied cache mount: " + id));
        result.blobs().removed().forEach(b -> root.out().println("deleted: " + b.digest()));
        result.snapshots().removed().forEach(d -> root.out().println("deleted snapshot: " + d));
        root.out().println("Total reclaimed space: " + HumanUnits.size(result.bytesFreed()));
        root.out().flush();
    }

    private CacheLimit limit() {
        Optional<java.time.Duration> until = Optional.ofNullable(filter).map(f -> {
            if (!f.startsWith("until=")) {
                throw new InvalidInputException("--filter \"" + f + "\": the only filter is until=DURATION (e.g. until=24h)");
            }
            return CacheLimit.parseDuration(f.substring("until=".length()));
        });
        return new CacheLimit(Optional.ofNullable(keepStorage).map(CacheLimit::parseSize), until);
    }
}
