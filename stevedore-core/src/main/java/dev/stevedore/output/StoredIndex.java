package dev.stevedore.output;

import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.ImageIndex;
import dev.stevedore.oci.Platform;
import dev.stevedore.oci.json.OciJson;
import dev.stevedore.oci.json.Parsed;
import dev.stevedore.store.ImageCheck;
import dev.stevedore.store.Store;
import java.util.List;
import java.util.Objects;

/**
 * An image index of a store (a multi-platform image), as stored so its digest holds, with the
 * manifests it lists that the store holds (the platforms' images and any attestation manifests):
 * every one for a built index, those pulled for a pulled one.
 *
 * @param descriptor the descriptor that points to the index blob
 * @param entries    each held entry's manifest and config, in the index's order
 */
public record StoredIndex(Store store, Descriptor descriptor, Parsed<ImageIndex> index, List<StoredImage> entries) {

    public StoredIndex {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(descriptor, "descriptor");
        Objects.requireNonNull(index, "index");
        entries = List.copyOf(entries);
    }

    /**
     * Reads the index {@code descriptor} points to and every manifest it lists that the store has.
     *
     * @throws dev.stevedore.diag.InvalidInputException when it or an entry is not what it says
     * @throws dev.stevedore.diag.NotFoundException when a blob is missing
     */
    public static StoredIndex read(Store store, Descriptor descriptor) {
        ImageCheck.requireTaggable(store.blobs(), descriptor);
        Parsed<ImageIndex> index = OciJson.readIndex(store.blobs().read(descriptor.digest()),
                descriptor.digest().toString());
        List<StoredImage> entries = index.value().manifests().stream().filter(d -> store.blobs().exists(d.digest()))
                .map(d -> StoredImage.read(store, d)).toList();
        return new StoredIndex(store, descriptor, index, entries);
    }

    /** The platforms' images, without attestation manifests, each with the platform its entry names. */
    public List<PlatformImage> images() {
        return entries.stream().filter(e -> !e.manifestDescriptor().isAttestation()
                && e.manifestDescriptor().platform().isPresent())
                .map(e -> new PlatformImage(e.manifestDescriptor().platform().get(), e)).toList();
    }

    /** One platform's image of an index. */
    public record PlatformImage(Platform platform, StoredImage image) {}
}
