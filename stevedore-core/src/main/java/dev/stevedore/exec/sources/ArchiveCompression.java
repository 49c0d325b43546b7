package dev.stevedore.exec.sources;

import com.github.luben.zstd.ZstdInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * The compressions a local archive given to {@code ADD} may have, recognized by their first
 * bytes exactly as moby's {@code archive.DetectCompression} does (file names do not matter).
 */
public enum ArchiveCompression {
    NONE,
    GZIP,
    BZIP2,
    XZ,
    ZSTD;

    /** The most bytes {@link #detect} looks at. */
    static final int MAGIC_LENGTH = 8;

    /**
     * Recognizes {@code head}, the first bytes of a file: bzip2 {@code BZh}, gzip {@code 1f 8b 08},
     * xz {@code fd 37 7a 58 5a 00}, zstd {@code 28 b5 2f fd} or a zstd skippable frame
     * ({@code 5? 2a 4d 18}, with at least 8 bytes); anything else is {@link #NONE}.
     */
    static ArchiveCompression detect(byte[] head, int length) {
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

    /** The uncompressed stream of {@code in}. */
    InputStream open(InputStream in) throws IOException {
        return switch (this) {
            case NONE -> in;
            case GZIP -> new GZIPInputStream(in, 64 * 1024);
            case BZIP2 -> new BZip2CompressorInputStream(in, true);
            case XZ -> new XZCompressorInputStream(in, true);
            case ZSTD -> new ZstdInputStream(in);
        };
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
}
