package dev.stevedore.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code stevedore report IMAGE}: the per-image part of the multi-stage report, for any image in the store. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Show what an image is made of, layer by layer, and what should not be in it:"
                + " files rewritten unchanged, build tools and their caches, secrets."},
        footerHeading = "%nExamples:%n",
        footer = {"  stevedore report app:1", "  stevedore report --format json app:1"})
final class ReportCommand implements Runnable {

    @ParentCommand
    StevedoreCommand root;

    @Parameters(paramLabel = "IMAGE", description = "A reference, an image id or a unique prefix of one.")
    String image;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text or json (default: ${DEFAULT-VALUE}).")
    ReportPrinter.Format format;

    @Override
    public void run() {
        new ReportPrinter(root.out()).print(root.images().report(image), format);
    }
}
