package dev.stevedore.output;

import com.github.luben.zstd.ZstdInputStream;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.layer.Compression;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

/**
 * Opens a tar whatever its compression (gzip, zstd, bzip2 or none), recognized by its first
 * bytes, as layers and archives are mislabelled in the wild. A broken compressed stream is the
 * input's fault: reading it throws an {@link InvalidInputException} naming {@code what}.
 */
public final class Uncompressed {

    private Uncompressed() {}

    /**
     * The uncompressed bytes of {@code in}.
     *
     * @param what names the input in error messages, e.g. {@code archive image.tar}
     */
    public static InputStream open(InputStream in, String what) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, 64 * 1024);
        buffered.mark(4);
        byte[] head = buffered.readNBytes(4);
        buffered.reset();
        boolean bzip2 = head.length >= 3 && head[0] == 'B' && head[1] == 'Z' && head[2] == 'h';
        Compression compression = Compression.detect(head, head.length);
        String kind = bzip2 ? "bzip2" : compression.name().toLowerCase(java.util.Locale.ROOT);
        try {
            if (bzip2) {
                return new Reporting(new BZip2CompressorInputStream(buffered), what, kind);
            }
            return switch (compression) {
                case NONE -> buffered;
                case GZIP -> new Reporting(new GZIPInputStream(buffered, 64 * 1024), what, kind);
                case ZSTD -> new Reporting(new ZstdInputStream(buffered), what, kind);
            };
        } catch (IOException e) {
            throw corrupt(what, kind, e);
        }
    }

    private static InvalidInputException corrupt(String what, String kind, IOException e) {
        return new InvalidInputException("the " + kind + " stream of " + what + " is corrupt or truncated: "
                + (e.getMessage() == null ? "unexpected end of data" : e.getMessage()), e);
    }

    /** Turns the decompressor's IOExceptions into errors that blame the input. */
    private static final class Reporting extends FilterInputStream {
        private final String what;
        private final String kind;

        Reporting(InputStream in, String what, String kind) {
            super(in);
            this.what = what;
            this.kind = kind;
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                throw corrupt(what, kind, e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                throw corrupt(what, kind, e);
            }
        }
    }
}
