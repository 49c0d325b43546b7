package dev.stevedore.cli;

import dev.stevedore.api.images.HumanUnits;
import dev.stevedore.api.images.ImageSummary;
import dev.stevedore.api.images.Images;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code stevedore images}: the tagged images, as {@code docker images} lists them. */
@Command(name = "images", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {"  stevedore images",
                "  stevedore images -q --no-trunc"},
        description = "List the images of the store.")
final class ImagesCommand implements Runnable {

    @ParentCommand
    StevedoreCommand root;

    @Option(names = {"-q", "--quiet"},
        description = "Print only the image ids.")
    boolean quiet;

    @Option(names = "--digests", description = "Show the manifest digests.")
    boolean digests;

    @Option(names = "--no-trunc", description = "Show full image ids.")
    boolean noTrunc;

    @Override
    public void run() {
        Images images = root.images();
        List<ImageSummary> rows = images.list();
        root.warnBroken(images);
        if (quiet) {
            Set<String> ids = new LinkedHashSet<>();
            rows.forEach(r -> ids.add(id(r)));
            ids.forEach(root.out()::println);
            root.out().flush();
            return;
        }
        Instant now = Instant.now();
        Table table = digests
                ? new Table("REPOSITORY", "TAG", "DIGEST", "IMAGE ID", "CREATED", "SIZE")
                : new Table("REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE");
        for (ImageSummary r : rows) {
            String created = r.created().map(c -> HumanUnits.ago(Duration.between(c, now))).orElse("N/A");
            String size = HumanUnits.size(r.size());
            if (digests) {
                table.row(r.repository(), r.tag(), r.digest().toString(), id(r), created, size);
            } else {
                table.row(r.repository(), r.tag(), id(r), created, size);
            }
        }
        table.print(root.out());
    }

    private String id(ImageSummary r) {
        return noTrunc ? r.id().toString() : r.id().shortHex();
    }
}
