package dev.stevedore.context;

import com.github.luben.zstd.ZstdInputStream;
import dev.stevedore.diag.InvalidInputException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Recognizes a build context archive by its content, as {@code docker build} does: gzip, bzip2,
 * zstd or xz by their magic numbers, then a tar by a valid first header.
 */
final class Archives {

    /** The compressions a context may come in. */
    enum Compression { NONE, GZIP, BZIP2, ZSTD, XZ }

    private static final int BLOCK = 512;

    private Archives() {}

    /** The compression of {@code in}, which must support mark/reset; it is left unread. */
    static Compression compression(InputStream in) throws IOException {
        byte[] head = peek(in, 6);
        if (startsWith(head, 0x1f, 0x8b)) {
            return Compression.GZIP;
        }
        if (startsWith(head, 'B', 'Z', 'h')) {
            return Compression.BZIP2;
        }
        if (startsWith(head, 0x28, 0xb5, 0x2f, 0xfd)) {
            return Compression.ZSTD;
        }
        if (startsWith(head, 0xfd, '7', 'z', 'X', 'Z', 0x00)) {
            return Compression.XZ;
        }
        return Compression.NONE;
    }

    /**
     * {@code in} decompressed (buffered, so it can be peeked at).
     *
     * @throws InvalidInputException for xz, which this build of Stevedore cannot read
     */
    static InputStream decompressed(InputStream in, Compression compression, String what) throws IOException {
        InputStream raw = switch (compression) {
            case NONE -> in;
            case GZIP -> new GzipCompressorInputStream(in, true);
            case BZIP2 -> new BZip2CompressorInputStream(in, true);
            case ZSTD -> new ZstdInputStream(in);
            case XZ -> throw new InvalidInputException(what + " is xz-compressed, which is not supported; use gzip, bzip2 or zstd");
        };
        return new BufferedInputStream(raw, 64 * 1024);
    }

    /**
     * Whether {@code in} (mark/reset supported) starts with a tar header: its checksum field
     * matches its bytes, which holds for ustar, GNU and old v7 tars alike. An empty tar (end
     * blocks of zeros) counts too.
     */
    static boolean isTar(InputStream in) throws IOException {
        byte[] block = peek(in, BLOCK);
        if (block.length < BLOCK) {
            return false;
        }
        if (Arrays.equals(block, new byte[BLOCK])) {
            return true;
        }
        long stored = parseOctal(block, 148, 8);
        long unsigned = 0;
        for (int i = 0; i < BLOCK; i++) {
            unsigned += (i >= 148 && i < 156) ? ' ' : (block[i] & 0xff);
        }
        return stored == unsigned;
    }

    private static long parseOctal(byte[] b, int off, int len) {
        long v = 0;
        boolean digits = false;
        for (int i = off; i < off + len; i++) {
            int c = b[i];
            if (c >= '0' && c <= '7') {
                v = v * 8 + (c - '0');
                digits = true;
            } else if (c == 0 || c == ' ') {
                if (digits) {
                    break;
                }
            } else {
                return -1;
            }
        }
        return digits ? v : -1;
    }

    private static byte[] peek(InputStream in, int n) throws IOException {
        in.mark(n);
        try {
            return in.readNBytes(n);
        } finally {
            in.reset();
        }
    }

    private static boolean startsWith(byte[] head, int... magic) {
        if (head.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((head[i] & 0xff) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
