package dev.stevedore.layer;

import dev.stevedore.diag.InternalException;
import dev.stevedore.diag.UnavailableException;
import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.Digest;
import dev.stevedore.oci.MediaType;
import dev.stevedore.store.Blob;
import dev.stevedore.store.BlobWriter;
import dev.stevedore.store.Lease;
import dev.stevedore.store.NoSpace;
import dev.stevedore.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import java.util.Optional;

/**
 * The one place that hands out "this layer, compressed this way": builds store their layers
 * uncompressed (the blob's digest is the diffID; nothing is compressed that never leaves the
 * machine), and a push or an export asks here for the form it sends. The compressed blob is made
 * once per layer and compression, and found through the store's {@link
 * dev.stevedore.store.CompressedForms} records afterwards.
 *
 * <p>Only uncompressed layers are converted: a layer already compressed (a pulled base, a store
 * written before layers were kept uncompressed) is handed out as it is, so its digest holds.
 */
public final class LayerForms {

    private LayerForms() {}

    /**
     * {@code layer} as {@code compression}: the same descriptor when it is already compressed or
     * {@code compression} is {@link Compression#NONE}; otherwise the compressed blob's descriptor,
     * the blob in the store and protected by {@code lease}.
     */
    public static Descriptor as(Store store, Lease lease, Descriptor layer, Compression compression) {
        boolean docker = layer.mediaType().equals(MediaType.DOCKER_LAYER);
        if (!docker && !layer.mediaType().equals(MediaType.OCI_LAYER)) {
            return layer;
        }
        // a Docker manifest names no zstd layer type: its layers are gzip
        Compression effective = docker && compression == Compression.ZSTD ? Compression.GZIP : compression;
        Optional<String> mediaType = switch (effective) {
            case NONE -> Optional.empty();
            case GZIP -> Optional.of(docker ? MediaType.DOCKER_LAYER_GZIP : MediaType.OCI_LAYER_GZIP);
            case ZSTD -> Optional.of(MediaType.OCI_LAYER_ZSTD);
        };
        if (mediaType.isEmpty()) {
            return layer;
        }
        String name = effective.name().toLowerCase(Locale.ROOT);
        Optional<Digest> known = store.compressedForms().find(layer.digest(), name);
        if (known.isPresent()) {
            lease.protect(known.get());
            if (store.blobs().exists(known.get())) {
                return new Descriptor(mediaType.get(), known.get(), store.blobs().size(known.get()));
            }
        }
        Blob blob = compress(store, lease, layer.digest(), effective);
        store.compressedForms().put(layer.digest(), name, blob.digest());
        return new Descriptor(mediaType.get(), blob.digest(), blob.size());
    }

    private static Blob compress(Store store, Lease lease, Digest tar, Compression compression) {
        try (BlobWriter writer = store.blobs().writer(lease); InputStream in = store.blobs().open(tar)) {
            OutputStream out = compression.compressor(writer.stream());
            in.transferTo(out);
            out.close();
            return writer.commit();
        } catch (IOException e) {
            if (NoSpace.is(e)) {
                throw new UnavailableException("no space left on device while compressing layer " + tar
                        + " in store " + store.root() + ": free some space (stevedore prune) and try again", e);
            }
            throw new InternalException("cannot compress layer " + tar + ": " + e.getMessage(), e);
        }
    }
}
