package dev.stevedore.layer;

import com.github.luben.zstd.ZstdInputStream;
import dev.stevedore.diag.InvalidInputException;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * Opens a layer blob whatever its compression, recognized by content rather than by media
 * type (registries and tools mislabel). A broken compressed stream is the layer's fault, so its
 * errors become {@link InvalidInputException}s that say which compression failed.
 */
final class Decompression {

    private Decompression() {}

    static InputStream open(InputStream blob) throws IOException {
        BufferedInputStream in = new BufferedInputStream(blob, 64 * 1024);
        in.mark(4);
        byte[] head = in.readNBytes(4);
        in.reset();
        Compression compression = Compression.detect(head, head.length);
        try {
            return switch (compression) {
                case NONE -> in;
                case GZIP -> new Reporting(new GZIPInputStream(in, 64 * 1024), "gzip");
                case ZSTD -> new Reporting(new ZstdInputStream(in), "zstd");
            };
        } catch (IOException e) {
            throw corrupt(compression.name().toLowerCase(java.util.Locale.ROOT), e);
        }
    }

    private static InvalidInputException corrupt(String kind, IOException e) {
        return new InvalidInputException("the layer's " + kind + " stream is corrupt or truncated: " + e.getMessage(), e);
    }

    private static final class Reporting extends FilterInputStream {
        private final String kind;

        Reporting(InputStream in, String kind) {
            super(in);
            this.kind = kind;
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                throw corrupt(kind, e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                throw corrupt(kind, e);
            }
        }

        @Override
        public long skip(long n) throws IOException {
            try {
                return super.skip(n);
            } catch (IOException e) {
                throw corrupt(kind, e);
            }
        }
    }
}
