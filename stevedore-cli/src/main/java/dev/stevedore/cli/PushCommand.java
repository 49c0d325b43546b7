package dev.stevedore.cli;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.oci.ImageReference;
import dev.stevedore.registry.PushResult;
import dev.stevedore.registry.RegistryClient;
import dev.stevedore.store.Store;
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
        Store store = RegistryFlags.store(root);
        Optional<ImageReference> source = storeTag(store, image);
        if (source.isEmpty() && destination == null) {
            // an id, an id prefix, or a name the store does not have: resolve says which
            root.images().resolve(image);
            throw new InvalidInputException("push " + image + ": an image id names no registry; say where it goes:"
                    + " stevedore push " + image + " REGISTRY/NAME:TAG");
        }
        ImageReference dest = destination == null ? source.get() : ImageReference.parseDockerRef(destination);
        try (RegistryClient client = new RegistryClient(flags.options(new ProgressPrinter(root.out())))) {
            PushResult r = source.isPresent() ? client.push(store, source.get().toString(), dest)
                    : client.push(store, root.images().resolve(image).image().manifestDescriptor(), dest);
            root.out().println(dest.tagOrDigest() + ": digest: " + r.pushed().digest() + " size: " + r.pushed().size());
        }
        return Cli.OK;
    }

    /** The store's tag {@code text} names, unless it is an id or a name the store has no tag for. */
    private static Optional<ImageReference> storeTag(Store store, String text) {
        try {
            ImageReference ref = ImageReference.parseDockerRef(text);
            return store.tags().find(ref.toString()).map(t -> ref);
        } catch (InvalidInputException e) {
            return Optional.empty();
        }
    }
}
