package dev.stevedore.archive;

import dev.stevedore.diag.InvalidInputException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads a tar stream member by member: ustar, PAX (local and global headers, binary
 * {@code SCHILY.xattr.*} values) and GNU long names. Header checksums are verified; a stream
 * that ends before its end-of-archive block is reported as truncated. What follows the end
 * block is read and ignored, so a digest over the stream covers all of it.
 *
 * <p>{@link #ofLayer} reads the members of a layer blob, for tools
 * that look into layers without applying them.
 */
public final class TarReader {

    private static final int BLOCK = TarWriter.BLOCK;
    /** The most an extended header may hold; bigger ones are hostile (Go's limit too). */
    private static final int MAX_EXTENDED = 1 << 20;

    private final InputStream in;
    /** What the stream is, for errors: "the layer's tar stream", "the build context archive". */
    private final String what;
    private final byte[] block = new byte[BLOCK];
    private final Map<String, byte[]> globalPax = new HashMap<>();
    private long remaining;
    private long padding;
    private long offset;

    public TarReader(InputStream in) {
        this(in, "the layer's tar stream");
    }

    /** Reads {@code in}, named {@code what} in errors ("the build context archive"). */
    public TarReader(InputStream in, String what) {
        this.in = in;
        this.what = what;
    }

    /** Reads the layer blob {@code blob}, whatever its compression (recognized by content). */
    public static TarReader ofLayer(InputStream blob) throws IOException {
        return new TarReader(decompressed(blob));
    }

    /**
     * The layer blob {@code blob} uncompressed, its compression recognized by content rather
     * than by media type (registries and tools mislabel).
     */
    public static InputStream decompressed(InputStream blob) throws IOException {
        return StreamCompression.open(blob, kind -> "the layer's " + kind + " stream");
    }

    /** The next member, or empty at the end of the archive. */
    public Optional<TarEntry> next() throws IOException {
        skip(remaining + padding);
        remaining = padding = 0;
        Map<String, byte[]> pax = new TreeMap<>(globalPax);
        String longName = null;
        String longLink = null;
        while (true) {
            long at = offset;
            if (!readBlock()) {
                throw new InvalidInputException(what + " is truncated: it ends at byte " + at
                        + " without an end-of-archive block");
            }
            if (TarHeaders.isZero(block)) {
                drain();
                return Optional.empty();
            }
            verifyChecksum(at);
            char type = (char) block[156];
            String name = headerName();
            long size = number(124, 12, name);
            switch (type) {
                case 'x' -> pax.putAll(parsePax(readExtended(size, name), name));
                case 'g' -> {
                    Map<String, byte[]> global = parsePax(readExtended(size, name), name);
                    globalPax.putAll(global);
                    pax.putAll(global);
                }
                case 'L' -> longName = cString(readExtended(size, name));
                case 'K' -> longLink = cString(readExtended(size, name));
                default -> {
                    return Optional.of(entry(type, name, longName, longLink, pax, at));
                }
            }
        }
    }

    /** The content of the member {@link #next()} returned last; reading it is optional. */
    public InputStream content() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (remaining == 0) {
                    return -1;
                }
                int n = in.read(b, off, (int) Math.min(len, remaining));
                if (n < 0) {
                    throw truncated();
                }
                remaining -= n;
                offset += n;
                return n;
            }
        };
    }

    private TarEntry entry(char flag, String name, String longName, String longLink, Map<String, byte[]> pax, long at) {
        TarEntry.Type type = switch (flag) {
            case '0', '\0', '7' -> TarEntry.Type.FILE;
            case '1' -> TarEntry.Type.HARDLINK;
            case '2' -> TarEntry.Type.SYMLINK;
            case '3' -> TarEntry.Type.CHAR_DEVICE;
            case '4' -> TarEntry.Type.BLOCK_DEVICE;
            case '5' -> TarEntry.Type.DIRECTORY;
            case '6' -> TarEntry.Type.FIFO;
            default -> throw new InvalidInputException("tar member \"" + name + "\" at byte " + at
                    + " has type '" + printable(flag) + "', which a layer cannot hold");
        };
        String path = text(pax.get("path"), longName != null ? longName : name);
        String link = text(pax.get("linkpath"), longLink != null ? longLink : cString(Arrays.copyOfRange(block, 157, 257)));
        long size = paxNumber(pax, "size", number(124, 12, path), path);
        Map<String, byte[]> xattrs = new TreeMap<>();
        pax.forEach((k, v) -> {
            if (k.startsWith("SCHILY.xattr.") && k.length() > "SCHILY.xattr.".length()) {
                xattrs.put(k.substring("SCHILY.xattr.".length()), v);
            }
        });
        // As Go's archive/tar: links, devices, FIFOs and directories are header-only, whatever size they claim.
        remaining = type == TarEntry.Type.FILE ? size : 0;
        padding = (BLOCK - remaining % BLOCK) % BLOCK;
        return new TarEntry(path, type, (int) (number(100, 8, path) & 07777),
                paxNumber(pax, "uid", number(108, 8, path), path), paxNumber(pax, "gid", number(116, 8, path), path),
                type == TarEntry.Type.FILE ? size : 0, mtime(pax, path), link,
                paxNumber(pax, "SCHILY.devmajor", number(329, 8, path), path),
                paxNumber(pax, "SCHILY.devminor", number(337, 8, path), path), xattrs);
    }

    private String headerName() {
        String name = cString(Arrays.copyOfRange(block, 0, 100));
        boolean ustar = block[257] == 'u' && block[258] == 's' && block[259] == 't' && block[260] == 'a'
                && block[261] == 'r' && block[262] == 0;
        String prefix = ustar ? cString(Arrays.copyOfRange(block, 345, 500)) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private Instant mtime(Map<String, byte[]> pax, String name) {
        byte[] value = pax.get("mtime");
        if (value == null) {
            return Instant.ofEpochSecond(number(136, 12, name));
        }
        String text = new String(value, StandardCharsets.US_ASCII);
        try {
            BigDecimal seconds = new BigDecimal(text);
            long whole = seconds.setScale(0, java.math.RoundingMode.FLOOR).longValueExact();
            long nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue();
            return Instant.ofEpochSecond(whole, nanos);
        } catch (ArithmeticException | NumberFormatException | java.time.DateTimeException e) {
            throw new InvalidInputException("tar member \"" + name + "\" has an invalid PAX mtime \"" + text + "\"");
        }
    }

    private static long paxNumber(Map<String, byte[]> pax, String key, long fallback, String name) {
        byte[] value = pax.get(key);
        if (value == null) {
            return fallback;
        }
        String text = new String(value, StandardCharsets.US_ASCII);
        try {
            long n = Long.parseLong(text);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new InvalidInputException("tar member \"" + name + "\" has an invalid PAX " + key + " \"" + text + "\"");
        }
    }

    /** A numeric header field: octal digits (space or NUL terminated), or GNU base-256. */
    private long number(int off, int len, String name) {
        if ((block[off] & 0x80) != 0) {
            if (block[off] != (byte) 0x80) {
                throw new InvalidInputException("tar member \"" + name + "\" has a negative or oversized number in its header");
            }
            long value = 0;
            for (int i = off + 1; i < off + len; i++) {
                if ((value >>> 55) != 0) {
                    throw new InvalidInputException("tar member \"" + name + "\" has an oversized number in its header");
                }
                value = (value << 8) | (block[i] & 0xff);
            }
            return value;
        }
        long value = 0;
        int i = off;
        while (i < off + len && (block[i] == ' ' || block[i] == 0)) {
            i++;
        }
        for (; i < off + len && block[i] != ' ' && block[i] != 0; i++) {
            int digit = block[i] - '0';
            if (digit < 0 || digit > 7 || (value >>> 60) != 0) {
                throw new InvalidInputException("tar member \"" + name + "\" has an invalid octal number \""
                        + new String(block, off, len, StandardCharsets.ISO_8859_1).trim() + "\" in its header");
            }
            value = value * 8 + digit;
        }
        return value;
    }

    private void verifyChecksum(long at) {
        if (!TarHeaders.hasValidChecksum(block)) {
            throw new InvalidInputException(what + " is corrupt: bad header checksum at byte " + at);
        }
    }

    private byte[] readExtended(long size, String name) throws IOException {
        if (size > MAX_EXTENDED) {
            throw new InvalidInputException("tar member \"" + name + "\" has an extended header of " + size
                    + " bytes, more than the " + MAX_EXTENDED + " allowed");
        }
        byte[] data = new byte[(int) size];
        readFully(data, data.length);
        skip((BLOCK - size % BLOCK) % BLOCK);
        return data;
    }

    static Map<String, byte[]> parsePax(byte[] data, String name) {
        Map<String, byte[]> records = new TreeMap<>();
        int pos = 0;
        while (pos < data.length) {
            int space = indexOf(data, (byte) ' ', pos);
            int length;
            try {
                length = space < 0 ? -1 : Integer.parseInt(new String(data, pos, space - pos, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                length = -1;
            }
            int end = pos + length;
            int equals = space < 0 ? -1 : indexOf(data, (byte) '=', space);
            if (length <= 0 || end > data.length || data[end - 1] != '\n' || equals < 0 || equals >= end) {
                throw new InvalidInputException("tar member \"" + name + "\" has a malformed PAX record at byte " + pos
                        + " of its extended header");
            }
            records.put(new String(data, space + 1, equals - space - 1, StandardCharsets.UTF_8),
                    Arrays.copyOfRange(data, equals + 1, end - 1));
            pos = end;
        }
        return records;
    }

    private static int indexOf(byte[] data, byte b, int from) {
        for (int i = from; i < data.length; i++) {
            if (data[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static String text(byte[] pax, String fallback) {
        return pax == null ? fallback : new String(pax, StandardCharsets.UTF_8);
    }

    private static String cString(byte[] bytes) {
        int end = indexOf(bytes, (byte) 0, 0);
        return new String(bytes, 0, end < 0 ? bytes.length : end, StandardCharsets.UTF_8);
    }

    private static String printable(char c) {
        return c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c);
    }

    /** Reads one header block; false on a clean end of stream. */
    private boolean readBlock() throws IOException {
        int n = in.readNBytes(block, 0, BLOCK);
        offset += n;
        if (n == 0) {
            return false;
        }
        if (n < BLOCK) {
            throw truncated();
        }
        return true;
    }

    private void readFully(byte[] data, int length) throws IOException {
        int n = in.readNBytes(data, 0, length);
        offset += n;
        if (n < length) {
            throw truncated();
        }
    }

    private void skip(long count) throws IOException {
        try {
            in.skipNBytes(count);
            offset += count;
        } catch (EOFException e) {
            throw truncated();
        }
    }

    private void drain() throws IOException {
        offset += in.transferTo(java.io.OutputStream.nullOutputStream());
    }

    private InvalidInputException truncated() {
        return new InvalidInputException(what + " is truncated: it ends in the middle of a member near byte " + offset);
    }
}
