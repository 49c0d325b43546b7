package dev.stevedore.cli;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.oci.ImageReference;
import dev.stevedore.oci.Platform;
import dev.stevedore.registry.PullResult;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code stevedore pull [--platform P] IMAGE}: an image from its registry into the store. */
@Command(name = "pull", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {"  stevedore pull alpine:3.20",
                "  stevedore pull --platform linux/arm64 registry.example.com/app:1"},
        description = "Pull an image from a registry into the store.")
final class PullCommand implements Callable<Integer> {

    @ParentCommand
    StevedoreCommand root;

    @Mixin
    RegistryFlags flags;

    @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]", description = "The platform (default: this host's).")
    String platform;

    @Option(names = {"-a", "--all-platforms"},
            description = "Pull every platform of the image's index, and their attestations (as docker pull --all-platforms).")
    boolean allPlatforms;

    @Parameters(paramLabel = "IMAGE", description = "The image: NAME[:TAG] or NAME@DIGEST.")
    String image;

    @Override
    public Integer call() {
        ImageReference ref = ImageReference.parse(image);
        if (allPlatforms && platform != null) {
            throw new InvalidInputException("pull: --platform and --all-platforms cannot be used together");
        }
        Platform p = platform == null ? Platform.host() : Platform.parse(platform);
        var options = flags.options(new ProgressPrinter(root.out()), root.env());
        PullResult r = allPlatforms ? root.images().pullAllPlatforms(ref, options) : root.images().pull(ref, p, options);
        root.out().println("Digest: " + r.digest());
        root.out().println("Pulled " + r.tag());
        return Cli.OK;
    }
}
