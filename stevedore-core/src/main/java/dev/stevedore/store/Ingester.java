package dev.stevedore.store;

/**
 * Writes new blobs into the store, the way containerd's content {@code Ingester} does.
 *
 * <p>A blob is streamed into a {@link BlobWriter}, which digests and counts the bytes as they
 * come, then {@linkplain BlobWriter#commit committed}: only then, and only when it passes
 * verification, does it appear under {@code blobs/<alg>/<hex>}. Writers are independent:
 * any number may run at once, in any threads or processes, even for the same content.
 */
public interface Ingester {

    /**
     * Opens a writer for one new blob, staged in a temp file under the store's {@code tmp/}.
     * The caller must {@linkplain BlobWriter#commit commit} or {@linkplain BlobWriter#close
     * close} it; try-with-resources does the latter.
     */
    BlobWriter writer();

    /**
     * {@link #writer()} whose commit adds the blob to {@code lease} before it lands, so no
     * prune can remove it between the commit and the moment the build tags or records it.
     */
    BlobWriter writer(Lease lease);
}
