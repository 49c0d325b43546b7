package dev.stevedore.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.diag.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;

class TarCodecTest {

    private static final Instant T1 = Instant.parse("2020-01-02T03:04:05Z");
    private static final Instant T2 = Instant.parse("2021-06-07T08:09:10Z");

    private static TarEntry file(String name, long size) {
        return new TarEntry(name, TarEntry.Type.FILE, 0644, 0, 0, size, T1, "", 0, 0, Map.of());
    }

    private static byte[] tar(TarEntry... entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TarWriter w = new TarWriter(out);
        for (TarEntry e : entries) {
            w.write(e, new ByteArrayInputStream(new byte[(int) e.size()]));
        }
        w.finish();
        return out.toByteArray();
    }

    private static TarEntry readOne(byte[] tar) throws IOException {
        return new TarReader(new ByteArrayInputStream(tar)).next().orElseThrow();
    }

    @Test
    void paxRecordsCountTheirOwnLength() {
        Map<String, byte[]> records = new TreeMap<>();
        records.put("mtime", "1432668921.098285006".getBytes(StandardCharsets.US_ASCII));
        assertThat(new String(TarWriter.encodePax(records), StandardCharsets.US_ASCII))
                .isEqualTo("30 mtime=1432668921.098285006\n"); // Go's archive/tar vector
        records.clear();
        records.put("path", "x".repeat(91).getBytes(StandardCharsets.US_ASCII)); // 9 digits-boundary: 99 → 100
        String record = new String(TarWriter.encodePax(records), StandardCharsets.US_ASCII);
        assertThat(record).startsWith("101 path=").hasSize(101);
    }

    @Test
    void sizesOverEightGibibytesGoInAPaxHeader() {
        long size = 10L * 1024 * 1024 * 1024;
        Map<String, byte[]> pax = TarWriter.paxRecords(file("big", size), "big");
        assertThat(pax).containsOnlyKeys("size");
        assertThat(new String(pax.get("size"), StandardCharsets.US_ASCII)).isEqualTo("10737418240");
        assertThat(TarWriter.paxRecords(file("small", 077777777777L), "small")).isEmpty();
    }

    @Test
    void ustarWhenItFitsPaxWhenItDoesNot() {
        assertThat(TarWriter.paxRecords(file("a".repeat(100), 0), "a".repeat(100))).isEmpty();
        assertThat(TarWriter.paxRecords(file("a".repeat(101), 0), "a".repeat(101))).containsOnlyKeys("path");
        assertThat(TarWriter.paxRecords(file("é", 0), "é")).containsOnlyKeys("path");
        TarEntry big = new TarEntry("x", TarEntry.Type.FILE, 0644, 1L << 32, 3_000_000, 0, Instant.ofEpochSecond(1L << 34),
                "", 0, 0, Map.of("user.a", new byte[] {(byte) 0xff}));
        assertThat(TarWriter.paxRecords(big, "x")).containsOnlyKeys("uid", "gid", "mtime", "SCHILY.xattr.user.a");
    }

    @Test
    void whatWeWriteWeReadBackExactly() throws IOException {
        TarEntry e = new TarEntry("dir/" + "n".repeat(200) + "/ü", TarEntry.Type.FILE, 04755, 1L << 32, 7, 3,
                Instant.ofEpochSecond(1L << 34), "", 0, 0,
                Map.of("security.capability", new byte[] {1, 0, 0, 2, (byte) 0x80, (byte) 0xff, 0}));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TarWriter w = new TarWriter(out);
        w.write(e, new ByteArrayInputStream("abc".getBytes(StandardCharsets.US_ASCII)));
        TarEntry link = new TarEntry("l", TarEntry.Type.SYMLINK, 0777, 0, 0, 0, T2, "t".repeat(300), 0, 0, Map.of());
        w.write(link, InputStream.nullInputStream());
        w.finish();
        TarReader r = new TarReader(new ByteArrayInputStream(out.toByteArray()));
        TarEntry read = r.next().orElseThrow();
        assertThat(same(read, e)).as(read.toString()).isTrue();
        assertThat(r.content().readAllBytes()).containsExactly('a', 'b', 'c');
        assertThat(same(r.next().orElseThrow(), link)).isTrue();
        assertThat(r.next()).isEmpty();
    }

    @Test
    void commonsCompressReadsOurPaxNames() throws IOException {
        String name = "p/" + "q".repeat(150) + "/日本";
        try (var in = new TarArchiveInputStream(new ByteArrayInputStream(tar(file(name, 5))))) {
            TarArchiveEntry e = in.getNextEntry();
            assertThat(e.getName()).isEqualTo(name);
            assertThat(e.getSize()).isEqualTo(5);
        }
    }

    @Test
    void weReadGnuLongNamesAndBase256Numbers() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (var out = new TarArchiveOutputStream(bytes)) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_GNU);
            out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_STAR);
            TarArchiveEntry e = new TarArchiveEntry("g".repeat(300));
            e.setSize(2);
            e.setUserId(0x7fff_ffff);
            e.setModTime(java.nio.file.attribute.FileTime.from(T2));
            out.putArchiveEntry(e);
            out.write(new byte[] {9, 8});
            out.closeArchiveEntry();
        }
        TarReader r = new TarReader(new ByteArrayInputStream(bytes.toByteArray()));
        TarEntry e = r.next().orElseThrow();
        assertThat(e.name()).isEqualTo("g".repeat(300));
        assertThat(e.uid()).isEqualTo(0x7fff_ffffL);
        assertThat(e.mtime()).isEqualTo(T2);
        assertThat(r.content().readAllBytes()).containsExactly(9, 8);
    }

    @Test
    void malformedHeadersAreRejectedWithTheirReason() throws IOException {
        byte[] t = tar(file("a", 1));
        assertThatThrownBy(() -> new TarReader(new ByteArrayInputStream(new byte[0])).next())
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("the layer's tar stream is truncated: it ends at byte 0 without an end-of-archive block");
        byte[] noEnd = java.util.Arrays.copyOf(t, 1024);
        assertThatThrownBy(() -> { TarReader r = new TarReader(new ByteArrayInputStream(noEnd)); r.next(); r.next(); })
                .hasMessage("the layer's tar stream is truncated: it ends at byte 1024 without an end-of-archive block");
        assertThatThrownBy(() -> TarReader.parsePax("8 path=x\n".getBytes(StandardCharsets.US_ASCII), "m"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("tar member \"m\" has a malformed PAX record at byte 0 of its extended header");
        byte[] socket = t.clone();
        socket[156] = 'S';
        fixChecksum(socket);
        assertThatThrownBy(() -> readOne(socket))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("tar member \"a\" at byte 0 has type 'S', which a layer cannot hold");
        byte[] badOctal = t.clone();
        badOctal[124] = '9';
        fixChecksum(badOctal);
        assertThatThrownBy(() -> readOne(badOctal)).hasMessageStartingWith("tar member \"a\" has an invalid octal number");
    }

    private static void fixChecksum(byte[] h) {
        java.util.Arrays.fill(h, 148, 156, (byte) ' ');
        long sum = 0;
        for (int i = 0; i < 512; i++) {
            sum += h[i] & 0xff;
        }
        byte[] digits = String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(digits, 0, h, 148, 8);
    }

    /** Equality with the xattr values compared by content (records compare arrays by identity). */
    private static boolean same(TarEntry a, TarEntry b) {
        return withoutXattrs(a).equals(withoutXattrs(b))
                && a.xattrs().keySet().equals(b.xattrs().keySet())
                && a.xattrs().entrySet().stream().allMatch(e -> java.util.Arrays.equals(e.getValue(), b.xattrs().get(e.getKey())));
    }

    private static TarEntry withoutXattrs(TarEntry e) {
        return new TarEntry(e.name(), e.type(), e.mode(), e.uid(), e.gid(), e.size(), e.mtime(), e.linkName(),
                e.devMajor(), e.devMinor(), Map.of());
    }
}
