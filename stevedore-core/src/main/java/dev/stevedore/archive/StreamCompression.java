package dev.stevedore.archive;

import com.github.luben.zstd.ZstdInputStream;
import dev.stevedore.diag.InvalidInputException;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * How a stream (a layer, an archive, a build context) is compressed, recognized by its first
 * bytes exactly as moby's {@code archive.DetectCompression} does: names and media types do not
 * matter, since registries, tools and users mislabel. The one detector and decompressor of
 * Stevedore.
 */
public enum StreamCompression {
    NONE,
    GZIP,
    BZIP2,
    XZ,
    ZSTD;

    /** The most bytes {@link #detect} looks at. */
    public static final int MAGIC_LENGTH = 8;

    private static final int BUFFER = 64 * 1024;

    /**
     * Recognizes {@code head}, the first {@code length} bytes of a stream: bzip2 {@code BZh},
     * gzip {@code 1f 8b 08}, xz {@code fd 37 7a 58 5a 00}, zstd {@code 28 b5 2f fd} or a zstd
     * skippable frame ({@code 5? 2a 4d 18}, with at least 8 bytes); anything else is
     * {@link #NONE}.
     */
    public static StreamCompression detect(byte[] head, int length) {
        if (startsWith(head, length, 'B', 'Z', 'h')) {
            return BZIP2;
        }
        if (startsWith(head, length, 0x1f, 0x8b, 0x08)) {
            return GZIP;
        }
        if (startsWith(head, length, 0xfd, '7', 'z', 'X', 'Z', 0x00)) {
            return XZ;
        }
        if (startsWith(head, length, 0x28, 0xb5, 0x2f, 0xfd)) {
            return ZSTD;
        }
        if (length >= 8 && (head[0] & 0xf0) == 0x50 && (head[1] & 0xff) == 0x2a && (head[2] & 0xff) == 0x4d
                && (head[3] & 0xff) == 0x18) {
            return ZSTD;
        }
        return NONE;
    }

    /** The compression of {@code in}, which must support mark/reset; it is left unread. */
    public static StreamCompression peek(InputStream in) throws IOException {
        in.mark(MAGIC_LENGTH);
        try {
            byte[] head = in.readNBytes(MAGIC_LENGTH);
            return detect(head, head.length);
        } finally {
            in.reset();
        }
    }

    /**
     * {@code in}, buffered, decompressed as its first bytes say.
     *
     * @param naming names the compressed stream in errors, given the compression's name: e.g.
     *               {@code kind -> "the layer's " + kind + " stream"}
     */
    public static InputStream open(InputStream in, Function<String, String> naming) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, BUFFER);
        return peek(buffered).decompress(buffered, naming);
    }

    /** The name of this compression in messages: {@code gzip}, {@code zstd}... */
    public String kind() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * {@code in} decompressed ({@link #NONE}: {@code in} itself). A broken compressed stream is
     * the input's fault: the decompressor's errors become {@link InvalidInputException}s that say
     * {@code naming.apply(kind()) + " is corrupt or truncated: …"}; those of {@code in} itself
     * stay {@link IOException}s only when nothing is decompressed.
     */
    public InputStream decompress(InputStream in, Function<String, String> naming) throws IOException {
        try {
            return switch (this) {
                case NONE -> in;
                case GZIP -> new Reporting(new GZIPInputStream(in, BUFFER), this, naming);
                case BZIP2 -> new Reporting(new BZip2CompressorInputStream(in, true), this, naming);
                case XZ -> new Reporting(new XZCompressorInputStream(in, true), this, naming);
                case ZSTD -> new Reporting(new ZstdInputStream(in), this, naming);
            };
        } catch (IOException e) {
            throw corrupt(this, naming, e);
        }
    }

    private static InvalidInputException corrupt(StreamCompression c, Function<String, String> naming, IOException e) {
        return new InvalidInputException(naming.apply(c.kind()) + " is corrupt or truncated: "
                + (e.getMessage() == null ? "unexpected end of data" : e.getMessage()), e);
    }

    private static boolean startsWith(byte[] head, int length, int... magic) {
        if (length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((head[i] & 0xff) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    /** Turns the decompressor's IOExceptions into errors that blame the input. */
    private static final class Reporting extends FilterInputStream {
        private final StreamCompression compression;
        private final Function<String, String> naming;

        Reporting(InputStream in, StreamCompression compression, Function<String, String> naming) {
            super(in);
            this.compression = compression;
            this.naming = naming;
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                throw corrupt(compression, naming, e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (IOException e) {
                throw corrupt(compression, naming, e);
            }
        }

        @Override
        public long skip(long n) throws IOException {
            try {
                return super.skip(n);
            } catch (IOException e) {
                throw corrupt(compression, naming, e);
            }
        }
    }
}
