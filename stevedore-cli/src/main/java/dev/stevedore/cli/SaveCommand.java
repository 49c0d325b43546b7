package dev.stevedore.cli;

import dev.stevedore.api.images.Images;
import dev.stevedore.api.images.SaveFormat;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code stevedore save -o FILE IMAGE...}: images as an archive {@code docker load} reads. */
@Command(name = "save", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {"  stevedore save -o app.tar app:1",
                "  stevedore save --format oci -o app.oci.tar app:1"},
        description = "Save images to a docker archive (default) or an OCI archive.")
final class SaveCommand implements Runnable {

    enum Format { docker, oci }

    @ParentCommand
    StevedoreCommand root;

    @Parameters(arity = "1..*", paramLabel = "IMAGE")
    List<String> images;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true,
            description = "The archive to write; '-' writes standard output.")
    String output;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "docker",
            description = "docker (docker load, skopeo docker-archive:) or oci (skopeo oci-archive:) (default: ${DEFAULT-VALUE}).")
    Format format;

    @Override
    public void run() {
        Images library = root.images();
        SaveFormat saveFormat = format == Format.oci ? SaveFormat.OCI : SaveFormat.DOCKER;
        if (output.equals("-")) {
            library.save(images, saveFormat, root.out());
            root.out().flush();
            return;
        }
        library.save(images, saveFormat, root.invocation().path(output));
    }
}
