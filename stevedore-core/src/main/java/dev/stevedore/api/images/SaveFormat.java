package dev.stevedore.api.images;

/** The archive formats of {@code stevedore save}. */
public enum SaveFormat {
    /** What {@code docker save} writes since Docker 25: an OCI layout plus {@code manifest.json}. */
    DOCKER,
    /** A plain OCI image layout in a tar, blobs as stored. */
    OCI
}
