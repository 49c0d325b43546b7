package dev.stevedore.cli;

import dev.stevedore.api.images.ImagePackage;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code stevedore sbom IMAGE}: the packages in an image, from its SBOM attestation or read from its layers now. */
@Command(name = "sbom", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {"  stevedore sbom app:1",
                "  stevedore sbom --purl app:1"},
        description = "List the packages in an image (its attached SBOM, else found in its files).")
final class SbomCommand implements Runnable {

    @ParentCommand
    StevedoreCommand root;

    @Parameters(paramLabel = "IMAGE")
    String image;

    @Option(names = "--purl", description = "Print only the package URLs, one a line.")
    boolean purl;

    @Override
    public void run() {
        List<ImagePackage> packages = root.images().packages(image);
        if (purl) {
            packages.forEach(p -> root.out().println(p.purl()));
        } else {
            Table table = new Table("NAME", "VERSION", "TYPE", "FOUND IN");
            for (ImagePackage p : packages) {
                table.row(p.name(), p.version(), p.type(), p.foundIn());
            }
            table.print(root.out());
        }
        root.out().flush();
    }
}
