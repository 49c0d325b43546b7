package dev.stevedore.cli;

import dev.stevedore.api.images.HistoryEntry;
import dev.stevedore.api.images.HumanUnits;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code stevedore history IMAGE}: the steps that made an image, newest first. */
@Command(name = "history", mixinStandardHelpOptions = true, description = "Show the history of an image.")
final class HistoryCommand implements Runnable {

    private static final int CREATED_BY_WIDTH = 45;

    @ParentCommand
    StevedoreCommand root;

    @Parameters(paramLabel = "IMAGE")
    String image;

    @Option(names = "--no-trunc", description = "Do not truncate the output.")
    boolean noTrunc;

    @Option(names = {"-q", "--quiet"}, description = "Print only the image ids.")
    boolean quiet;

    @Override
    public void run() {
        Instant now = Instant.now();
        Table table = new Table("IMAGE", "CREATED", "CREATED BY", "SIZE", "COMMENT");
        for (HistoryEntry e : root.images().history(image)) {
            String id = e.image().startsWith("sha256:") && !noTrunc ? e.image().substring(7, 19) : e.image();
            if (quiet) {
                root.out().println(id);
                continue;
            }
            String created = e.created().map(c -> HumanUnits.ago(Duration.between(c, now))).orElse("N/A");
            table.row(id, created, truncate(e.createdBy()), HumanUnits.size(e.size()), e.comment());
        }
        if (!quiet) {
            table.print(root.out());
        }
        root.out().flush();
    }

    /** Docker's {@code Ellipsis}: at most 45 characters, the last one {@code …}. */
    private String truncate(String text) {
        String oneLine = text.replace("\t", " ").replace("\n", " ");
        if (noTrunc || oneLine.codePointCount(0, oneLine.length()) <= CREATED_BY_WIDTH) {
            return oneLine;
        }
        int end = oneLine.offsetByCodePoints(0, CREATED_BY_WIDTH - 1);
        return oneLine.substring(0, end) + "…";
    }
}
