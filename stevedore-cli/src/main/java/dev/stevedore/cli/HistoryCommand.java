package dev.stevedore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stevedore.api.images.HistoryEntry;
import dev.stevedore.api.images.HumanUnits;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code stevedore history IMAGE}: the steps that made an image, newest first. */
@Command(name = "history", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {"  stevedore history app:1",
                "  stevedore history --no-trunc app:1"},
        description = "Show the history of an image.")
final class HistoryCommand implements Runnable {

    private static final int CREATED_BY_WIDTH = 45;

    @ParentCommand
    StevedoreCommand root;

    @Parameters(paramLabel = "IMAGE")
    String image;

    @Option(names = "--no-trunc", description = "Do not truncate the output.")
    boolean noTrunc;

    @Option(names = {"-q", "--quiet"},
        description = "Print only the image ids.")
    boolean quiet;

    @Option(names = "--format", paramLabel = "FORMAT",
        description = "json, a Go template of the fields .ID .CreatedSince .CreatedAt .CreatedBy .Size .Comment,"
                + " or table TEMPLATE.")
    String format;

    @Override
    public void run() {
        Instant now = Instant.now();
        if (format != null) {
            GoFormat parsed = GoFormat.parse(format);
            List<JsonNode> objects = new ArrayList<>();
            for (HistoryEntry e : root.images().history(image)) {
                ObjectNode o = JsonNodeFactory.instance.objectNode();
                o.put("ID", id(e));
                o.put("CreatedSince", since(e, now));
                o.put("CreatedAt", e.created().map(GoFormat::time).orElse(""));
                o.put("CreatedBy", noTrunc ? e.createdBy() : ellipsis(e.createdBy(), CREATED_BY_WIDTH));
                o.put("Size", HumanUnits.size(e.size()));
                o.put("Comment", e.comment());
                objects.add(o);
            }
            parsed.print(objects, Map.of("ID", "IMAGE", "CreatedSince", "CREATED", "CreatedAt", "CREATED AT",
                    "CreatedBy", "CREATED BY"), root.out());
            return;
        }
        Table table = new Table("IMAGE", "CREATED", "CREATED BY", "SIZE", "COMMENT");
        for (HistoryEntry e : root.images().history(image)) {
            String id = id(e);
            if (quiet) {
                root.out().println(id);
                continue;
            }
            table.row(id, since(e, now), noTrunc ? oneLine(e.createdBy()) : ellipsis(e.createdBy(), CREATED_BY_WIDTH), HumanUnits.size(e.size()), e.comment());
        }
        if (!quiet) {
            table.print(root.out());
        }
        root.out().flush();
    }

    private String id(HistoryEntry e) {
        return e.image().startsWith("sha256:") && !noTrunc ? e.image().substring(7, 19) : e.image();
    }

    private static String since(HistoryEntry e, Instant now) {
        return e.created().map(c -> HumanUnits.ago(Duration.between(c, now))).orElse("N/A");
    }

    static String oneLine(String text) {
        return text.replace("\t", " ").replace("\n", " ");
    }

    /** Docker's {@code Ellipsis}: at most {@code width} characters, the last one {@code …}. */
    static String ellipsis(String text, int width) {
        String line = oneLine(text);
        if (line.codePointCount(0, line.length()) <= width) {
            return line;
        }
        return line.substring(0, line.offsetByCodePoints(0, width - 1)) + "…";
    }
}
