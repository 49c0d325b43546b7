package dev.stevedore.oci;

/** How a layer's tar stream is compressed, as its media type says. */
public enum Compression {
    NONE,
    GZIP,
    ZSTD
}
