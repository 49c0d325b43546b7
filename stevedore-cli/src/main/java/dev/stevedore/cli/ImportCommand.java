package dev.stevedore.cli;

import dev.stevedore.api.images.ImportRequest;
import dev.stevedore.api.images.ImportResult;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.oci.ImageReference;
import dev.stevedore.oci.Platform;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code stevedore import SOURCE [NAME[:TAG]]}: a root file system becomes a one-layer image. */
@Command(name = "import", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {"  stevedore import rootfs.tar.gz base:1",
                "  stevedore import -c 'CMD [\"/bin/sh\"]' ./rootfs base:1"},
        description = "Import a root file system (tar, tar.gz, tar.zst, tar.bz2, directory or '-') as an image.")
final class ImportCommand implements Runnable {

    @ParentCommand
    StevedoreCommand root;

    @Parameters(index = "0", paramLabel = "SOURCE", description = "A tar file, a directory, or '-' for standard input.")
    String source;

    @Parameters(index = "1", arity = "0..1", paramLabel = "NAME[:TAG]", description = "The tag to give the image.")
    String name;

    @Option(names = {"-c", "--change"}, paramLabel = "INSTRUCTION",
            description = "Apply a Dockerfile instruction to the config (CMD, ENTRYPOINT, ENV, EXPOSE, LABEL,"
                    + " ONBUILD, STOPSIGNAL, USER, VOLUME, WORKDIR); repeatable.")
    List<String> changes = new ArrayList<>();

    @Option(names = {"-m", "--message"}, paramLabel = "TEXT", defaultValue = "",
            description = "The history comment (default: Imported from SOURCE).")
    String message;

    @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]", description = "The image's platform (default: the host's).")
    String platform;

    @Override
    public void run() {
        ImportRequest.Source src = source.equals("-")
                ? new ImportRequest.FromStream(root.in()) : new ImportRequest.FromPath(root.invocation().path(source));
        Optional<ImageReference> ref = Optional.ofNullable(name).map(n -> ImageReference.parse(n).withDefaultTag());
        ImportResult result = root.images().importImage(new ImportRequest(src, ref, changes,
                Optional.ofNullable(platform).map(Platform::parse), sourceDateEpoch(root.env()), message));
        root.out().println(result.id());
        root.out().flush();
    }

    /** {@code SOURCE_DATE_EPOCH}, seconds since 1970, when set: reproducible imports. */
    private static Optional<Instant> sourceDateEpoch(Map<String, String> env) {
        String value = env.get("SOURCE_DATE_EPOCH");
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.ofEpochSecond(Long.parseLong(value)));
        } catch (NumberFormatException e) {
            throw new InvalidInputException("SOURCE_DATE_EPOCH \"" + value + "\" is not a number of seconds");
        }
    }
}
