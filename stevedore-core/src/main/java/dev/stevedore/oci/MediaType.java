package dev.stevedore.oci;

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
    public static final String OCI_EMPTY = "application/vnd.oci.empty.v1+json";

    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
    public static final String DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar";
    public static final String DOCKER_LAYER_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    public static final String DOCKER_SCHEMA1_MANIFEST = "application/vnd.docker.distribution.manifest.v1+json";
    public static final String DOCKER_SCHEMA1_SIGNED_MANIFEST = "application/vnd.docker.distribution.manifest.v1+prettyjws";

    /** An OCI index or a Docker manifest list. */
    public static boolean isIndex(String mediaType) {
        return OCI_INDEX.equals(mediaType) || DOCKER_MANIFEST_LIST.equals(mediaType);
    }

    /** An OCI image manifest or a Docker schema 2 manifest (not an index). */
    public static boolean isManifest(String mediaType) {
        return OCI_MANIFEST.equals(mediaType) || DOCKER_MANIFEST.equals(mediaType);
    }

    /** An image config of either family. */
    public static boolean isConfig(String mediaType) {
        return OCI_CONFIG.equals(mediaType) || DOCKER_CONFIG.equals(mediaType);
    }

    /** A Docker schema 1 manifest, which Stevedore refuses (Docker itself stopped pulling them). */
    public static boolean isSchema1(String mediaType) {
        return DOCKER_SCHEMA1_MANIFEST.equals(mediaType) || DOCKER_SCHEMA1_SIGNED_MANIFEST.equals(mediaType);
    }

    /** Whether the type belongs to Docker's schema 2 family rather than OCI's. */
    public static boolean isDocker(String mediaType) {
        return mediaType != null && mediaType.startsWith("application/vnd.docker.");
    }
}
