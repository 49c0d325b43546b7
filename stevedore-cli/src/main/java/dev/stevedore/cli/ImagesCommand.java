package dev.stevedore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stevedore.api.images.HumanUnits;
import dev.stevedore.api.images.ImageSummary;
import dev.stevedore.api.images.Images;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code stevedore images}: the tagged images, as {@code docker images} lists them. */
@Command(name = "images", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {"  stevedore images",
                "  stevedore images -q --no-trunc"},
        description = "List the images of the store; untagged ones (a build without -t) as <none> <none>.")
final class ImagesCommand implements Runnable {

    @ParentCommand
    StevedoreCommand root;

    @Option(names = {"-q", "--quiet"},
        description = "Print only the image ids.")
    boolean quiet;

    @Option(names = {"-a", "--all"},
        description = "Accepted for Docker's sake: untagged images (builds without -t) are always listed, as <none>.")
    boolean all;

    @Option(names = "--digests", description = "Show the manifest digests.")
    boolean digests;

    @Option(names = "--no-trunc", description = "Show full image ids.")
    boolean noTrunc;

    @Option(names = "--compressed",
        description = "Also show the compressed size (the layer blobs: what a pull or push transfers);"
                + " SIZE is the unpacked size, as Docker shows it. '-' while a layer built here has not been"
                + " compressed yet: built layers are stored uncompressed until a push or an export.")
    boolean compressed;

    @Option(names = "--format", paramLabel = "FORMAT",
        description = "json, a Go template of the fields .ID .Repository .Tag .Digest .CreatedSince .CreatedAt .Size"
                + " ({{.Repository}}:{{.Tag}}, {{json .}}), or table TEMPLATE.")
    String format;

    @Override
    public void run() {
        Images images = root.images();
        List<ImageSummary> rows = images.list();
        root.warnBroken(images);
        if (format != null) {
            GoFormat parsed = GoFormat.parse(format);
            Instant now = Instant.now();
            List<JsonNode> objects = new ArrayList<>();
            for (ImageSummary r : rows) {
                ObjectNode o = JsonNodeFactory.instance.objectNode();
                o.put("ID", id(r));
                o.put("Repository", r.repository());
                o.put("Tag", r.tag());
                o.put("Digest", r.digest().toString());
                o.put("CreatedSince", since(r, now));
                o.put("CreatedAt", r.created().map(GoFormat::time).orElse(""));
                o.put("Size", HumanUnits.size(r.size()));
                objects.add(o);
            }
            parsed.print(objects, Map.of("ID", "IMAGE ID", "CreatedSince", "CREATED", "CreatedAt", "CREATED AT"), root.out());
            return;
        }
        if (quiet) {
            Set<String> ids = new LinkedHashSet<>();
            rows.forEach(r -> ids.add(id(r)));
            ids.forEach(root.out()::println);
            root.out().flush();
            return;
        }
        Instant now = Instant.now();
        List<String> header = new ArrayList<>(List.of("REPOSITORY", "TAG"));
        if (digests) {
            header.add("DIGEST");
        }
        header.addAll(List.of("IMAGE ID", "CREATED", "SIZE"));
        if (compressed) {
            header.add("COMPRESSED");
        }
        // a multi-platform image is one line; its platforms get a column when the store has one
        boolean platforms = rows.stream().anyMatch(r -> r.platforms().size() > 1);
        if (platforms) {
            header.add("PLATFORMS");
        }
        Table table = new Table(header.toArray(String[]::new));
        for (ImageSummary r : rows) {
            List<String> row = new ArrayList<>(List.of(r.repository(), r.tag()));
            if (digests) {
                row.add(r.digest().toString());
            }
            row.addAll(List.of(id(r), since(r, now),
                    HumanUnits.size(r.size())));
            if (compressed) {
                row.add(HumanUnits.size(r.compressed()));
            }
            if (platforms) {
                row.add(String.join(",", r.platforms().stream().map(Object::toString).toList()));
            }
            table.row(row.toArray(String[]::new));
        }
        table.print(root.out());
    }

    private static String since(ImageSummary r, Instant now) {
        return r.created().map(c -> HumanUnits.ago(Duration.between(c, now))).orElse("N/A");
    }

    private String id(ImageSummary r) {
        return noTrunc ? r.id().toString() : r.id().shortHex();
    }
}
