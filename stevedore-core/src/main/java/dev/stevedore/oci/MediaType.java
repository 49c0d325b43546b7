package dev.stevedore.oci;

import dev.stevedore.diag.InvalidInputException;
import java.util.Optional;

/**
 * The media types of the OCI image spec and Docker's schema 2 that Stevedore reads and writes,
 * and what kind of content each names.
 */
public final class MediaType {

    private MediaType() {}

    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    public static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar";
    public static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
    public static final String OCI_LAYER_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";
    /** Deprecated by OCI 1.1 but still served by some registries (Windows base layers). */
    public static final String OCI_LAYER_NONDISTRIBUTABLE = "application/vnd.oci.image.layer.nondistributable.v1.tar";
    public static final String OCI_LAYER_NONDISTRIBUTABLE_GZIP = OCI_LAYER_NONDISTRIBUTABLE + "+gzip";
    public static final String OCI_LAYER_NONDISTRIBUTABLE_ZSTD = OCI_LAYER_NONDISTRIBUTABLE + "+zstd";
    public static final String OCI_EMPTY = "application/vnd.oci.empty.v1+json";

    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
    public static final String DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar";
    public static final String DOCKER_LAYER_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    /** BuildKit's name for a zstd layer in a Docker-typed manifest. */
    public static final String DOCKER_LAYER_ZSTD = "application/vnd.docker.image.rootfs.diff.tar.zstd";
    public static final String DOCKER_LAYER_FOREIGN_GZIP = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";
    public static final String DOCKER_SCHEMA1_MANIFEST = "application/vnd.docker.distribution.manifest.v1+json";
    public static final String DOCKER_SCHEMA1_SIGNED_MANIFEST = "application/vnd.docker.distribution.manifest.v1+prettyjws";

    /** The layer type of BuildKit's provenance and SBOM attestations. */
    public static final String IN_TOTO = "application/vnd.in-toto+json";

    /** An OCI index or a Docker manifest list. */
    public static boolean isIndex(String mediaType) {
        return OCI_INDEX.equals(mediaType) || DOCKER_MANIFEST_LIST.equals(mediaType);
    }

    /** An OCI image manifest or a Docker schema 2 manifest (not an index). */
    public static boolean isManifest(String mediaType) {
        return OCI_MANIFEST.equals(mediaType) || DOCKER_MANIFEST.equals(mediaType);
    }

    /** A Docker schema 1 manifest, which Stevedore refuses (Docker itself stopped pulling them). */
    public static boolean isSchema1(String mediaType) {
        return DOCKER_SCHEMA1_MANIFEST.equals(mediaType) || DOCKER_SCHEMA1_SIGNED_MANIFEST.equals(mediaType);
    }

    /** An image configuration blob. */
    public static boolean isConfig(String mediaType) {
        return OCI_CONFIG.equals(mediaType) || DOCKER_CONFIG.equals(mediaType);
    }

    /** A filesystem layer (a tar stream, maybe compressed) of either family. */
    public static boolean isLayer(String mediaType) {
        return layerCompression(mediaType).isPresent();
    }

    /** Whether the type belongs to Docker's schema 2 family rather than OCI's. */
    public static boolean isDocker(String mediaType) {
        return mediaType != null && mediaType.startsWith("application/vnd.docker.");
    }

    /**
     * The compression of a layer type, or empty when {@code mediaType} is not a layer type.
     * Both families are understood: OCI's {@code +gzip}/{@code +zstd} suffixes and Docker's
     * {@code .tar.gzip}/{@code .tar.zstd}.
     */
    public static Optional<Compression> layerCompression(String mediaType) {
        if (mediaType == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(switch (mediaType) {
            case OCI_LAYER, OCI_LAYER_NONDISTRIBUTABLE, DOCKER_LAYER -> Compression.NONE;
            case OCI_LAYER_GZIP, OCI_LAYER_NONDISTRIBUTABLE_GZIP, DOCKER_LAYER_GZIP, DOCKER_LAYER_FOREIGN_GZIP ->
                    Compression.GZIP;
            case OCI_LAYER_ZSTD, OCI_LAYER_NONDISTRIBUTABLE_ZSTD, DOCKER_LAYER_ZSTD -> Compression.ZSTD;
            default -> null;
        });
    }

    /** Like {@link #layerCompression} but refusing a type that is not a layer. */
    public static Compression compressionOf(String mediaType) {
        return layerCompression(mediaType).orElseThrow(() ->
                new InvalidInputException("media type \"" + mediaType + "\" is not a layer type"));
    }

    /** The OCI layer type for a compression. */
    public static String ociLayer(Compression compression) {
        return switch (compression) {
            case NONE -> OCI_LAYER;
            case GZIP -> OCI_LAYER_GZIP;
            case ZSTD -> OCI_LAYER_ZSTD;
        };
    }

    /** The Docker schema 2 layer type for a compression (zstd as BuildKit names it). */
    public static String dockerLayer(Compression compression) {
        return switch (compression) {
            case NONE -> DOCKER_LAYER;
            case GZIP -> DOCKER_LAYER_GZIP;
            case ZSTD -> DOCKER_LAYER_ZSTD;
        };
    }
}
