package dev.stevedore.layer;

import com.github.luben.zstd.ZstdOutputStream;
import dev.stevedore.archive.StreamCompression;
import dev.stevedore.oci.MediaType;
import java.io.IOException;
import java.io.OutputStream;

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

    /**
     * A stream that compresses into {@code out} (which it leaves open for {@link #NONE} only);
     * its output depends on its input alone, so a layer compressed twice has one digest.
     */
    OutputStream compressor(OutputStream out) throws IOException {
        return switch (this) {
            case NONE -> out;
            case GZIP -> new ParallelGzipOutputStream(out);
            case ZSTD -> new ZstdOutputStream(out, 3);
        };
    }

    /** The same at {@code level} ({@code compression-level}; {@link LayerCompression} checks its range). */
    OutputStream compressor(OutputStream out, int level) throws IOException {
        return switch (this) {
            case NONE -> out;
            case GZIP -> new ParallelGzipOutputStream(out, level);
            case ZSTD -> new ZstdOutputStream(out, level);
        };
    }

    /**
     * The layer compression of a stream whose first bytes are {@code head}, as
     * {@link StreamCompression#detect} recognizes them; bzip2 and xz, which no layer media type
     * names, count as {@link #NONE}.
     */
    public static Compression detect(byte[] head, int length) {
        return switch (StreamCompression.detect(head, length)) {
            case GZIP -> GZIP;
            case ZSTD -> ZSTD;
            case NONE, BZIP2, XZ -> NONE;
        };
    }
}
