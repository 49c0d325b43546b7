package dev.stevedore.archive;

import java.nio.charset.StandardCharsets;

/**
 * The first block of a tar, looked at before any reading: whether a stream is a tar at all.
 * Go's {@code tar.Reader.Next}, as far as that question goes: a header must carry a valid
 * checksum, signed or unsigned (any magic: V7 headers have none); a zero block is the end of an
 * archive (so an empty tar starts with one).
 */
public final class TarHeaders {

    /** The size of a tar block. */
    public static final int BLOCK = 512;

    private TarHeaders() {}

    /** Whether {@code block} (at least {@link #BLOCK} bytes) is all zeros: the end of an archive. */
    public static boolean isZero(byte[] block) {
        if (block.length < BLOCK) {
            return false;
        }
        for (int i = 0; i < BLOCK; i++) {
            if (block[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code block} is a header whose checksum matches its bytes. */
    public static boolean hasValidChecksum(byte[] block) {
        if (block.length < BLOCK) {
            return false;
        }
        Long recorded = octal(block, 148, 8);
        if (recorded == null) {
            return false;
        }
        long unsigned = 0;
        long signed = 0;
        for (int i = 0; i < BLOCK; i++) {
            int b = i >= 148 && i < 156 ? ' ' : block[i];
            unsigned += b & 0xff;
            signed += (byte) b;
        }
        return recorded == unsigned || recorded == signed;
    }

    /** Go's {@code parseOctal}: spaces and NULs around the digits are ignored; null if invalid. */
    private static Long octal(byte[] block, int offset, int length) {
        String text = new String(block, offset, length, StandardCharsets.ISO_8859_1).replaceAll("^[ \0]+|[ \0]+$", "");
        if (text.isEmpty()) {
            return 0L;
        }
        if (!text.matches("[0-7]{1,22}")) {
            return null;
        }
        return Long.parseLong(text, 8);
    }
}
