package dev.stevedore.exec;

import dev.stevedore.diag.NotFoundException;
import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.ImageConfig;
import dev.stevedore.oci.ImageIndex;
import dev.stevedore.oci.ImageManifest;
import dev.stevedore.oci.ImageReference;
import dev.stevedore.oci.Manifest;
import dev.stevedore.oci.Platform;
import dev.stevedore.oci.PlatformMatcher;
import dev.stevedore.oci.json.OciJson;
import dev.stevedore.oci.json.Parsed;
import dev.stevedore.store.Lease;
import dev.stevedore.store.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves base images once per build, however many stages use them (concurrent callers for one
 * reference share one lookup). Images come from the local store's tags.
 *
 * <p>SEAM: pulling from a registry when the store does not have the image (or with
 * {@code --pull}) belongs to the {@code registry} package; wire it into {@link #load} once it lands.
 */
final class BaseImages {

    private final Store store;
    private final Lease lease;
    private final Platform platform;
    private final Map<String, CompletableFuture<BaseImage>> loaded = new ConcurrentHashMap<>();

    BaseImages(Store store, Lease lease, Platform platform) {
        this.store = store;
        this.lease = lease;
        this.platform = platform;
    }

    /** The image {@code reference} names, for the build's platform. */
    BaseImage get(String reference) {
        ImageReference ref = ImageReference.parse(reference).withDefaultTag();
        CompletableFuture<BaseImage> mine = new CompletableFuture<>();
        CompletableFuture<BaseImage> existing = loaded.putIfAbsent(ref.toString(), mine);
        if (existing != null) {
            return existing.join();
        }
        try {
            BaseImage image = load(ref);
            mine.complete(image);
            return image;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        }
    }

    private BaseImage load(ImageReference ref) {
        Descriptor top = store.tags().find(ref.toString()).map(t -> t.descriptor())
                .orElseThrow(() -> new NotFoundException("image \"" + ref.familiarString()
                        + "\" is not in the local store (pulling from a registry is not wired yet)"));
        lease.protect(top.digest());
        Parsed<ImageManifest> manifest = manifestFor(ref, top);
        ImageManifest m = manifest.value();
        lease.protect(m.config().digest());
        ImageConfig config = OciJson.readConfig(store.blobs().read(m.config().digest()), ref.familiarString()).value();
        List<LayerRef> layers = new ArrayList<>();
        for (int i = 0; i < m.layers().size(); i++) {
            Descriptor layer = m.layers().get(i);
            lease.protect(layer.digest());
            layers.add(new LayerRef(layer, config.rootfs().diffIds().get(i)));
        }
        return new BaseImage(ref.toString(), manifest.digest(), config, layers);
    }

    private Parsed<ImageManifest> manifestFor(ImageReference ref, Descriptor top) {
        Parsed<Manifest> parsed = OciJson.readManifest(store.blobs().read(top.digest()), ref.familiarString());
        return switch (parsed.value()) {
            case ImageManifest m -> new Parsed<>(m, parsed.raw(), parsed.digest());
            case ImageIndex index -> {
                Optional<Descriptor> chosen = PlatformMatcher.only(platform).select(index.images());
                Descriptor d = chosen.orElseThrow(() -> new NotFoundException("image \"" + ref.familiarString()
                        + "\" has no manifest for platform " + platform));
                lease.protect(d.digest());
                yield OciJson.readImageManifest(store.blobs().read(d.digest()), ref.familiarString());
            }
        };
    }
}
