package dev.stevedore.layer;

import dev.stevedore.oci.LayerCompression;
import dev.stevedore.oci.Compression;
import dev.stevedore.archive.StreamCompression;
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
import java.util.Optional;

/**
 * The one place that hands out "this layer, compressed this way": builds store their layers
 * uncompressed (the blob's digest is the diffID; nothing is compressed that never leaves the
 * machine), and a push or an export asks here for the form it sends. The compressed blob is made
 * once per layer and compression, and found through the store's {@link
 * dev.stevedore.store.CompressedForms} records afterwards.
 *
 * <p>A layer already compressed (a pulled base, a store written before layers were kept
 * uncompressed) goes out as it is, so its digest holds, unless {@code force-compression} asks for
 * it in the requested compression (then it is decompressed and compressed again), as BuildKit does.
 * A zstd layer has no Docker media type, so with zstd every layer goes out with OCI's types
 * (BuildKit turns {@code oci-mediatypes} on for zstd).
 */
public final class LayerForms {

    private LayerForms() {}

    /**
     * {@code layer} as {@code wanted}: the same blob when it is already so compressed, or compressed
     * another way and not forced (its media type an OCI one with zstd); otherwise the compressed
     * blob's descriptor, the blob in the store and protected by {@code lease}. A layer of another
     * kind (foreign, or not a layer) is returned as it is.
     */
    public static Descriptor as(Store store, Lease lease, Descriptor layer, LayerCompression wanted) {
        Optional<Compression> have = compressionOf(layer.mediaType());
        if (have.isEmpty()) {
            return layer;
        }
        boolean docker = MediaType.isDocker(layer.mediaType()) && wanted.type() != Compression.ZSTD;
        if (have.get() == wanted.type() || (have.get() != Compression.NONE && !wanted.force())) {
            return retyped(layer, have.get(), docker);
        }
        String mediaType = mediaType(wanted.type(), docker);
        String name = wanted.formName();
        Optional<Digest> known = store.compressedForms().find(layer.digest(), name);
        if (known.isPresent()) {
            lease.protect(known.get());
            if (store.blobs().exists(known.get())) {
                return new Descriptor(mediaType, known.get(), store.blobs().size(known.get()));
            }
        }
        Blob blob = compress(store, lease, layer.digest(), wanted);
        store.compressedForms().put(layer.digest(), name, blob.digest());
        return new Descriptor(mediaType, blob.digest(), blob.size());
    }

    /** The compression a layer's media type names; empty for what is not a layer this class converts. */
    private static Optional<Compression> compressionOf(String mediaType) {
        return switch (mediaType) {
            case MediaType.OCI_LAYER, MediaType.DOCKER_LAYER -> Optional.of(Compression.NONE);
            case MediaType.OCI_LAYER_GZIP, MediaType.DOCKER_LAYER_GZIP -> Optional.of(Compression.GZIP);
            case MediaType.OCI_LAYER_ZSTD -> Optional.of(Compression.ZSTD);
            default -> Optional.empty();
        };
    }

    private static String mediaType(Compression compression, boolean docker) {
        return switch (compression) {
            case NONE -> docker ? MediaType.DOCKER_LAYER : MediaType.OCI_LAYER;
            case GZIP -> docker ? MediaType.DOCKER_LAYER_GZIP : MediaType.OCI_LAYER_GZIP;
            case ZSTD -> MediaType.OCI_LAYER_ZSTD;
        };
    }

    /** {@code layer} with the media type of its compression in the wanted family (the same bytes). */
    private static Descriptor retyped(Descriptor layer, Compression have, boolean docker) {
        String mediaType = mediaType(have, docker);
        return mediaType.equals(layer.mediaType()) ? layer : new Descriptor(mediaType, layer.digest(), layer.size(),
                layer.annotations(), layer.platform(), layer.urls(), layer.artifactType());
    }

    private static Blob compress(Store store, Lease lease, Digest layer, LayerCompression wanted) {
        try (BlobWriter writer = store.blobs().writer(lease);
             InputStream in = StreamCompression.open(store.blobs().open(layer), kind -> "the " + kind
                     + " stream of layer " + layer)) {
            OutputStream out = Compressors.open(wanted, writer.stream());
            in.transferTo(out);
            if (wanted.type() == Compression.NONE) {
                out.flush(); // the writer's own stream, which the commit closes
            } else {
                out.close(); // the compressor's last frame
            }
            return writer.commit();
        } catch (IOException e) {
            if (NoSpace.is(e)) {
                throw new UnavailableException("no space left on device while compressing layer " + layer
                        + " in store " + store.root() + ": free some space (stevedore prune) and try again", e);
            }
            throw new InternalException("cannot compress layer " + layer + ": " + e.getMessage(), e);
        }
    }
}
