package dev.stevedore.cli;

import dev.stevedore.oci.ImageReference;
import dev.stevedore.api.PushedImage;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code stevedore push IMAGE [DEST]}: an image of the store to a registry. */
@Command(name = "push", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {"  stevedore push registry.example.com/app:1",
                "  stevedore push app:1 localhost:5000/app:1",
                "  stevedore push $(stevedore build -q .) localhost:5000/app:1"},
        description = "Push an image of the store to a registry.")
final class PushCommand implements Callable<Integer> {

    @ParentCommand
    StevedoreCommand root;

    @Mixin
    RegistryFlags flags;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "The image in the store: a name, an id or id prefix.")
    String image;

    @Parameters(index = "1", arity = "0..1", paramLabel = "DEST", description = "Where to push it (default: IMAGE).")
    String destination;

    @Override
    public Integer call() {
        Optional<ImageReference> dest = Optional.ofNullable(destination).map(ImageReference::parseDockerRef);
        PushedImage r = root.images().push(image, dest, flags.options(new ProgressPrinter(root.out()), root.env()));
        ImageReference shown = dest.orElseGet(() -> ImageReference.parseDockerRef(image));
        root.out().println(shown.tagOrDigest() + ": digest: " + r.pushed().digest() + " size: " + r.pushed().size());
        return Cli.OK;
    }
}
