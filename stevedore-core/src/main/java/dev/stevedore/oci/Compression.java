package dev.stevedore.oci;

/**
 * How a layer's tar is compressed, with the OCI media type that says so. The compressors and the
 * detector are {@code layer.Compressors}.
 */
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
}
