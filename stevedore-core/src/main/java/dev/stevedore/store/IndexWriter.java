package dev.stevedore.store;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.ImageIndex;
import dev.stevedore.oci.Manifest;
import dev.stevedore.oci.json.OciJson;
import dev.stevedore.oci.json.Parsed;
import java.util.List;

/**
 * The one writer of image indexes into the store: a multi-platform build's result (one manifest
 * per platform), and whatever else is added to an index later (attestation manifests are more
 * entries of the same list). The manifests must already be in the store.
 */
public final class IndexWriter {

    private IndexWriter() {}

    /**
     * Writes an OCI image index of {@code entries} (in their order; each with its platform set)
     * into the store, protected by {@code lease}.
     *
     * @return the index's descriptor, ready to be tagged, pushed or exported
     * @throws InvalidInputException when an entry's manifest is not in the store
     */
    public static Descriptor write(Store store, Lease lease, List<Descriptor> entries) {
        for (Descriptor entry : entries) {
            if (!store.blobs().exists(entry.digest())) {
                throw new InvalidInputException("cannot write an index: manifest " + entry.digest()
                        + " is not in the store");
            }
        }
        Parsed<Manifest> index = OciJson.serialize(ImageIndex.oci(entries));
        store.blobs().put(index.raw(), index.digest(), lease);
        return OciJson.descriptor(index);
    }
}
