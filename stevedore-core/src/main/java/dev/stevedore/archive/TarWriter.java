package dev.stevedore.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a POSIX (ustar + PAX) tar, byte for byte the same for the same entries: no user or
 * group names, whole-second mtimes, PAX records sorted by key. PAX records are used only when
 * ustar cannot hold a value (long or non-ASCII names, big numbers, xattrs), as Go's
 * {@code archive/tar} does; xattr values are written as raw bytes ({@code SCHILY.xattr.*}).
 */
public final class TarWriter {

    static final int BLOCK = 512;
    private static final long MAX_OCTAL_11 = 077777777777L;
    private static final long MAX_OCTAL_7 = 07777777L;

    private final OutputStream out;
    private final byte[] buffer = new byte[64 * 1024];

    public TarWriter(OutputStream out) {
        this.out = out;
    }

    /** Writes one member; {@code content} must hold at least {@code entry.size()} bytes. */
    public void write(TarEntry entry, InputStream content) throws IOException {
        String name = entry.type() == TarEntry.Type.DIRECTORY && !entry.name().endsWith("/")
                ? entry.name() + "/" : entry.name();
        Map<String, byte[]> pax = paxRecords(entry, name);
        if (!pax.isEmpty()) {
            byte[] records = encodePax(pax);
            out.write(header("././@PaxHeader", 'x', 0644, 0, 0, records.length, 0, "", 0, 0));
            out.write(records);
            pad(records.length);
        }
        out.write(header(name, entry.type().flag, entry.mode() & 07777, cap(entry.uid(), MAX_OCTAL_7),
                cap(entry.gid(), MAX_OCTAL_7), cap(entry.size(), MAX_OCTAL_11),
                Math.clamp(entry.mtime().getEpochSecond(), 0, MAX_OCTAL_11), entry.linkName(),
                cap(entry.devMajor(), MAX_OCTAL_7), cap(entry.devMinor(), MAX_OCTAL_7)));
        if (entry.type() == TarEntry.Type.FILE) {
            copy(entry, content);
            pad(entry.size());
        }
    }

    /** The end-of-archive marker: two zero blocks. */
    public void finish() throws IOException {
        out.write(new byte[2 * BLOCK]);
    }

    private void copy(TarEntry entry, InputStream content) throws IOException {
        long left = entry.size();
        while (left > 0) {
            int n = content.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException(entry.name() + " shrank while it was being archived: "
                        + left + " of " + entry.size() + " bytes missing");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    private void pad(long size) throws IOException {
        int rest = (int) (size % BLOCK);
        if (rest != 0) {
            out.write(new byte[BLOCK - rest]);
        }
    }

    private static long cap(long value, long max) {
        return value < 0 || value > max ? 0 : value;
    }

    static Map<String, byte[]> paxRecords(TarEntry e, String name) {
        Map<String, byte[]> pax = new TreeMap<>();
        if (!fitsUstar(name)) {
            pax.put("path", utf8(name));
        }
        if (!fitsUstar(e.linkName())) {
            pax.put("linkpath", utf8(e.linkName()));
        }
        putIfOver(pax, "size", e.size(), MAX_OCTAL_11);
        putIfOver(pax, "uid", e.uid(), MAX_OCTAL_7);
        putIfOver(pax, "gid", e.gid(), MAX_OCTAL_7);
        putIfOver(pax, "mtime", e.mtime().getEpochSecond(), MAX_OCTAL_11);
        putIfOver(pax, "SCHILY.devmajor", e.devMajor(), MAX_OCTAL_7);
        putIfOver(pax, "SCHILY.devminor", e.devMinor(), MAX_OCTAL_7);
        e.xattrs().forEach((k, v) -> pax.put("SCHILY.xattr." + k, v));
        return pax;
    }

    private static void putIfOver(Map<String, byte[]> pax, String key, long value, long max) {
        if (value < 0 || value > max) {
            pax.put(key, utf8(Long.toString(value)));
        }
    }

    private static boolean fitsUstar(String text) {
        return text.length() <= 100 && text.chars().allMatch(c -> c > 0 && c < 0x80) && utf8(text).length <= 100;
    }

    /** PAX records, {@code "<length> <key>=<value>\n"}, where length counts itself. */
    static byte[] encodePax(Map<String, byte[]> records) {
        var out = new java.io.ByteArrayOutputStream();
        records.forEach((key, value) -> {
            int rest = 1 + utf8(key).length + 1 + value.length + 1; // ' ' key '=' value '\n'
            int length = rest + Integer.toString(rest).length();
            if (Integer.toString(length).length() != Integer.toString(rest).length()) {
                length++;
            }
            out.writeBytes(utf8(length + " " + key + "="));
            out.writeBytes(value);
            out.write('\n');
        });
        return out.toByteArray();
    }

    private static byte[] header(String name, char type, int mode, long uid, long gid, long size, long mtime,
                                 String linkName, long devMajor, long devMinor) {
        byte[] h = new byte[BLOCK];
        text(h, 0, 100, name);
        octal(h, 100, 8, mode);
        octal(h, 108, 8, uid);
        octal(h, 116, 8, gid);
        octal(h, 124, 12, size);
        octal(h, 136, 12, mtime);
        h[156] = (byte) type;
        text(h, 157, 100, linkName);
        text(h, 257, 6, "ustar");
        text(h, 263, 2, "00");
        octal(h, 329, 8, devMajor);
        octal(h, 337, 8, devMinor);
        java.util.Arrays.fill(h, 148, 156, (byte) ' ');
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        octal(h, 148, 7, sum);
        return h;
    }

    /** Up to {@code length} bytes of {@code value}; the PAX record carries it when it does not fit. */
    private static void text(byte[] h, int offset, int length, String value) {
        byte[] bytes = utf8(value);
        System.arraycopy(bytes, 0, h, offset, Math.min(length, bytes.length));
    }

    /** Zero-padded octal digits followed by a NUL, filling {@code length} bytes. */
    private static void octal(byte[] h, int offset, int length, long value) {
        String digits = Long.toOctalString(value);
        String padded = "0".repeat(length - 1 - digits.length()) + digits;
        text(h, offset, length - 1, padded);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
