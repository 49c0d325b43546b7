package dev.stevedore.store;

import dev.stevedore.oci.Digest;
import java.nio.file.Path;

/** The paths of a store under its root; see {@code DESIGN.md} "Store layout". */
record StoreLayout(Path root) {

    Path oci() {
        return root.resolve("oci");
    }

    Path ociLayoutFile() {
        return oci().resolve("oci-layout");
    }

    Path indexFile() {
        return oci().resolve("index.json");
    }

    Path blobs() {
        return oci().resolve("blobs");
    }

    Path blob(Digest digest) {
        return blobs().resolve(digest.algorithm()).resolve(digest.hex());
    }

    Path snapshots() {
        return root.resolve("snapshots");
    }

    Path cache() {
        return root.resolve("cache");
    }

    /** Unpacked sizes of layer blobs ({@link LayerSizes}). */
    Path sizes() {
        return root.resolve("sizes");
    }

    /** Records of the compressed forms of uncompressed layer blobs ({@link CompressedForms}). */
    Path forms() {
        return root.resolve("forms");
    }

    Path leases() {
        return root.resolve("leases");
    }

    Path tmp() {
        return root.resolve("tmp");
    }

    /** The file whose {@code FileChannel} lock serializes index, cache, lease and prune updates. */
    Path lockFile() {
        return root.resolve("store.lock");
    }

    /** The file of the {@link IngestLock}: blob commits shared, prune exclusive. */
    Path ingestLockFile() {
        return root.resolve("ingest.lock");
    }
}
