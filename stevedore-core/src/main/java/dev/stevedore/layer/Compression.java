package dev.stevedore.layer;

import dev.stevedore.oci.MediaType;

/** How a layer's tar is compressed, with the OCI media type that says so. */
public enum Compression {
    NONE(MediaType.OCI_LAYER),
    GZIP(MediaType.OCI_LAYER_GZIP),
    ZSTD(MediaType.OCI_LAYER_ZSTD);

    private final String mediaType;

    Compression(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    /** Recognizes a compressed stream by its first bytes (gzip {@code 1f 8b}, zstd {@code 28 b5 2f fd}). */
    public static Compression detect(byte[] head, int length) {
        if (length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return GZIP;
        }
        if (length >= 4 && (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5
                && (head[2] & 0xff) == 0x2f && (head[3] & 0xff) == 0xfd) {
            return ZSTD;
        }
        return NONE;
    }
}
