package dev.stevedore.output;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.Digest;
import dev.stevedore.oci.ImageConfig;
import dev.stevedore.oci.ImageManifest;
import dev.stevedore.oci.json.Parsed;
import dev.stevedore.store.ImageCheck;
import dev.stevedore.store.Store;
import java.util.Objects;

/**
 * One image of a store: its manifest (as stored, so its digest holds) and its config.
 *
 * @param manifestDescriptor the descriptor that points to the manifest blob
 */
public record StoredImage(Store store, Descriptor manifestDescriptor, Parsed<ImageManifest> manifest,
        Parsed<ImageConfig> config) {

    public StoredImage {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(manifestDescriptor, "manifestDescriptor");
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(config, "config");
    }

    /**
     * Reads the image manifest {@code descriptor} points to, and its config, from the store.
     *
     * @throws InvalidInputException when the blob is not an image manifest, or the config's
     *                               layers do not match the manifest's
     * @throws dev.stevedore.diag.NotFoundException when a blob is missing
     */
    public static StoredImage read(Store store, Descriptor descriptor) {
        ImageCheck.Image image = ImageCheck.image(store.blobs(), descriptor);
        return new StoredImage(store, descriptor, image.manifest(), image.config());
    }

    /** The image id: the digest of the config. */
    public Digest id() {
        return config.digest();
    }

    /** The sum of the layer blobs' sizes (compressed): what a pull transfers, not Docker's image size. */
    public long size() {
        return manifest.value().layers().stream().mapToLong(Descriptor::size).sum();
    }
}
