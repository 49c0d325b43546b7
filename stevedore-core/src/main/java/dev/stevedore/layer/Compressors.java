package dev.stevedore.layer;

import com.github.luben.zstd.ZstdOutputStream;
import dev.stevedore.archive.StreamCompression;
import dev.stevedore.oci.Compression;
import dev.stevedore.oci.LayerCompression;
import java.io.IOException;
import java.io.OutputStream;

/** The compressors of {@link Compression}, and the one detector of a layer's compression. */
public final class Compressors {

    private Compressors() {}

    /**
     * A stream that compresses into {@code out} (which it leaves open for {@link Compression#NONE}
     * only), at Stevedore's default level (gzip at its fastest, zstd at 3); its output depends on
     * its input alone, so a layer compressed twice has one digest.
     */
    static OutputStream open(Compression compression, OutputStream out) throws IOException {
        return switch (compression) {
            case NONE -> out;
            case GZIP -> new ParallelGzipOutputStream(out);
            case ZSTD -> new ZstdOutputStream(out, 3);
        };
    }

    /** The same, at the level {@code wanted} asks for when it asks for one. */
    static OutputStream open(LayerCompression wanted, OutputStream out) throws IOException {
        if (wanted.level().isEmpty()) {
            return open(wanted.type(), out);
        }
        int level = wanted.level().getAsInt();
        return switch (wanted.type()) {
            case NONE -> out;
            case GZIP -> new ParallelGzipOutputStream(out, level);
            case ZSTD -> new ZstdOutputStream(out, level);
        };
    }

    /**
     * The layer compression of a stream whose first bytes are {@code head}, as
     * {@link StreamCompression#detect} recognizes them; bzip2 and xz, which no layer media type
     * names, count as {@link Compression#NONE}.
     */
    public static Compression detect(byte[] head, int length) {
        return switch (StreamCompression.detect(head, length)) {
            case GZIP -> Compression.GZIP;
            case ZSTD -> Compression.ZSTD;
            case NONE, BZIP2, XZ -> Compression.NONE;
        };
    }
}
