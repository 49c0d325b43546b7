package dev.stevedore.exec.sources;

import dev.stevedore.archive.StreamCompression;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.ZstdOutputStream;
import dev.stevedore.diag.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ArchivesTest {

    static final Instant MTIME = Instant.parse("2020-01-02T03:04:05Z");

    @TempDir
    Path dir;

    /** A tar written member by member with commons-compress. */
    static final class Tar {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes);

        Tar() {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        }

        Tar file(String name, String content, int mode) throws IOException {
            return file(name, content.getBytes(StandardCharsets.UTF_8), mode);
        }

        Tar file(String name, byte[] data, int mode) throws IOException {
            TarArchiveEntry e = new TarArchiveEntry(name, true);
            e.setSize(data.length);
            e.setMode(0100000 | mode);
            e.setModTime(Date.from(MTIME));
            tar.putArchiveEntry(e);
            tar.write(data);
            tar.closeArchiveEntry();
            return this;
        }

        Tar dir(String name) throws IOException {
            TarArchiveEntry e = new TarArchiveEntry(name + "/", true);
            e.setMode(040755);
            e.setModTime(Date.from(MTIME));
            tar.putArchiveEntry(e);
            tar.closeArchiveEntry();
            return this;
        }

        Tar link(String name, String target, byte type) throws IOException {
            TarArchiveEntry e = new TarArchiveEntry(name, type, true);
            e.setLinkName(target);
            e.setModTime(Date.from(MTIME));
            tar.putArchiveEntry(e);
            tar.closeArchiveEntry();
            return this;
        }

        byte[] bytes() throws IOException {
            tar.close();
            return bytes.toByteArray();
        }
    }

    static Tar sample() throws IOException {
        return new Tar()
                .dir("app")
                .file("app/run.sh", "#!/bin/sh\n", 0755)
                .file("app/config", "x=1\n", 0640)
                .link("app/current", "run.sh", TarConstants.LF_SYMLINK)
                .link("app/hard", "app/config", TarConstants.LF_LINK)
                .file("app/.wh.hidden", "", 0644)
                .file("app/.wh..wh..opq", "", 0644);
    }

    static byte[] compress(byte[] data, StreamCompression compression) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream c = switch (compression) {
            case NONE -> out;
            case GZIP -> new GZIPOutputStream(out);
            case BZIP2 -> new BZip2CompressorOutputStream(out);
            case XZ -> new XZCompressorOutputStream(out);
            case ZSTD -> new ZstdOutputStream(out);
        }) {
            c.write(data);
        }
        return out.toByteArray();
    }

    Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    /** path → type, mode and content (or link target), for comparing trees. */
    static Map<String, String> describe(Path root) throws IOException {
        Map<String, String> tree = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(p -> !p.equals(root)).toList()) {
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
                String what;
                if (Files.isSymbolicLink(p)) {
                    what = "symlink -> " + Files.readSymbolicLink(p);
                } else if (Files.isDirectory(p)) {
                    what = "dir " + mode;
                } else {
                    what = "file " + mode + " " + Files.readString(p);
                }
                tree.put(root.relativize(p).toString(), what);
            }
        }
        return tree;
    }

    @ParameterizedTest
    @EnumSource(StreamCompression.class)
    void eachCompressionIsDetectedAndUnpacked(StreamCompression compression) throws IOException {
        Path archive = write("sample.whatever", compress(sample().bytes(), compression));
        assertThat(Archives.detect(archive)).contains(compression);
        Path dest = Files.createDirectory(dir.resolve("dest"));
        Archives.unpack(archive, dest);
        assertThat(describe(dest)).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                "app", "dir rwxr-xr-x",
                "app/run.sh", "file rwxr-xr-x #!/bin/sh\n",
                "app/config", "file rw-r----- x=1\n",
                "app/current", "symlink -> run.sh",
                "app/hard", "file rw-r----- x=1\n",
                "app/.wh.hidden", "file rw-r--r-- ",
                "app/.wh..wh..opq", "file rw-r--r-- ")));
        assertThat(Files.getLastModifiedTime(dest.resolve("app/run.sh")).toInstant()).isEqualTo(MTIME);
        assertThat(Files.getLastModifiedTime(dest.resolve("app")).toInstant()).isEqualTo(MTIME);
        assertThat(Files.isSameFile(dest.resolve("app/hard"), dest.resolve("app/config"))).isTrue();
    }

    @Test
    void unpackingMergesIntoWhatIsThereAndWhiteoutNamesDeleteNothing() throws IOException {
        Path dest = Files.createDirectory(dir.resolve("dest"));
        Files.createDirectories(dest.resolve("app"));
        Files.writeString(dest.resolve("app/hidden"), "stays");
        Files.writeString(dest.resolve("app/config"), "old");
        Files.writeString(dest.resolve("other"), "stays too");
        Archives.unpack(write("a.tar", sample().bytes()), dest);
        assertThat(dest.resolve("app/hidden")).hasContent("stays");
        assertThat(dest.resolve("other")).hasContent("stays too");
        assertThat(dest.resolve("app/config")).hasContent("x=1");
    }

    @Test
    void aGzipFileThatIsNotATarIsNotAnArchive() throws IOException {
        Path gz = write("notes.txt.gz", compress("just text, no tar\n".repeat(100).getBytes(StandardCharsets.UTF_8),
                StreamCompression.GZIP));
        assertThat(Archives.detect(gz)).isEmpty();
        assertThatThrownBy(() -> Archives.unpack(gz, dir))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("cannot unpack \"notes.txt.gz\": it is not a tar archive");
    }

    @Test
    void filesThatAreNotArchives() throws IOException {
        byte[] tar = sample().bytes();
        byte[] badChecksum = tar.clone();
        badChecksum[0] ^= 1;
        Map<String, byte[]> cases = Map.of(
                "empty", new byte[0],
                "short", Arrays.copyOf(tar, 511),
                "empty.tar", new Tar().bytes(), // end blocks only: Go's reader says EOF
                "zeros-then-data", concat(new byte[512], Arrays.copyOf(tar, 512)),
                "bad-checksum.tar", badChecksum,
                "broken.gz", new byte[] {0x1f, (byte) 0x8b, 0x08, 0, 1, 2, 3},
                "text.tar", "hello world\n".repeat(100).getBytes(StandardCharsets.UTF_8),
                "deflate-not-gzip", new byte[] {0x1f, (byte) 0x8b, 0x07, 0, 0, 0, 0, 0, 0, 0});
        for (var c : cases.entrySet()) {
            assertThat(Archives.detect(write(c.getKey(), c.getValue()))).as(c.getKey()).isEmpty();
        }
        Path archive = write("real.tar", tar);
        Files.createSymbolicLink(dir.resolve("link.tar"), archive);
        assertThat(Archives.detect(dir.resolve("link.tar"))).as("a symlink to an archive").isEmpty();
        assertThat(Archives.detect(Files.createDirectory(dir.resolve("d.tar")))).as("a directory").isEmpty();
        assertThat(Archives.detect(dir.resolve("absent.tar"))).isEmpty();
    }

    @Test
    void aV7HeaderWithoutMagicIsATar() throws IOException {
        byte[] tar = new Tar().file("a", "x", 0644).bytes();
        Arrays.fill(tar, 257, 265, (byte) 0); // magic and version gone
        int sum = 0;
        Arrays.fill(tar, 148, 156, (byte) ' ');
        for (int i = 0; i < 512; i++) {
            sum += tar[i] & 0xff;
        }
        byte[] field = String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(field, 0, tar, 148, 8);
        assertThat(dev.stevedore.archive.TarHeaders.hasValidChecksum(tar)).isTrue();
        assertThat(Archives.detect(write("v7", tar))).contains(StreamCompression.NONE);
    }

    @Test
    void magicBytesTable() {
        record Case(int[] bytes, StreamCompression expected) {}
        Case[] cases = {
            new Case(new int[] {'B', 'Z', 'h', '9'}, StreamCompression.BZIP2),
            new Case(new int[] {0x1f, 0x8b, 0x08, 0}, StreamCompression.GZIP),
            new Case(new int[] {0x1f, 0x8b, 0x07, 0}, StreamCompression.NONE),
            new Case(new int[] {0xfd, '7', 'z', 'X', 'Z', 0}, StreamCompression.XZ),
            new Case(new int[] {0xfd, '7', 'z', 'X', 'Z'}, StreamCompression.NONE),
            new Case(new int[] {0x28, 0xb5, 0x2f, 0xfd}, StreamCompression.ZSTD),
            new Case(new int[] {0x5e, 0x2a, 0x4d, 0x18, 0, 0, 0, 0}, StreamCompression.ZSTD),
            new Case(new int[] {0x5e, 0x2a, 0x4d, 0x18, 0, 0, 0}, StreamCompression.NONE),
            new Case(new int[] {0x6e, 0x2a, 0x4d, 0x18, 0, 0, 0, 0}, StreamCompression.NONE),
            new Case(new int[] {'B', 'Z'}, StreamCompression.NONE),
            new Case(new int[] {}, StreamCompression.NONE),
        };
        for (Case c : cases) {
            byte[] head = new byte[c.bytes().length];
            for (int i = 0; i < head.length; i++) {
                head[i] = (byte) c.bytes()[i];
            }
            assertThat(StreamCompression.detect(head, head.length)).as(Arrays.toString(c.bytes())).isEqualTo(c.expected());
        }
    }

    @Test
    void aZstdArchiveBehindASkippableFrame() throws IOException {
        byte[] skippable = {0x50, 0x2a, 0x4d, 0x18, 4, 0, 0, 0, 'm', 'e', 't', 'a'};
        Path archive = write("s.tar.zst", concat(skippable, compress(sample().bytes(), StreamCompression.ZSTD)));
        assertThat(Archives.detect(archive)).contains(StreamCompression.ZSTD);
        Path dest = Files.createDirectory(dir.resolve("dest"));
        Archives.unpack(archive, dest);
        assertThat(dest.resolve("app/config")).hasContent("x=1");
    }

    @Test
    void aTruncatedCompressedStreamIsReported() throws IOException {
        byte[] noise = new byte[256 * 1024];
        new Random(42).nextBytes(noise);
        byte[] xz = compress(new Tar().file("big", noise, 0644).bytes(), StreamCompression.XZ);
        Path archive = write("big.tar.xz", Arrays.copyOf(xz, xz.length / 2));
        assertThat(Archives.detect(archive)).contains(StreamCompression.XZ);
        Path dest = Files.createDirectory(dir.resolve("dest"));
        assertThatThrownBy(() -> Archives.unpack(archive, dest))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("unpacking \"big.tar.xz\": the xz stream is corrupt or truncated: ");
    }

    @Test
    void hostileArchivesStayInside() throws IOException {
        Path dest = Files.createDirectory(dir.resolve("dest"));
        Path outside = Files.createDirectory(dir.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "keep me");

        Archives.unpack(write("abs.tar", new Tar().file("/abs.txt", "a", 0644).bytes()), dest);
        assertThat(dest.resolve("abs.txt")).hasContent("a");

        Archives.unpack(write("sym.tar", new Tar()
                .link("evil", "/", TarConstants.LF_SYMLINK)
                .file("evil/etc/x", "inside", 0644)
                .link("up", "../outside", TarConstants.LF_SYMLINK)
                .file("up/secret", "overwritten?", 0644).bytes()), dest);
        assertThat(dest.resolve("etc/x")).hasContent("inside");
        assertThat(outside.resolve("secret")).hasContent("keep me");

        String[][] refused = {
            {"dotdot.tar", "layer member \"../outside/secret\" escapes the target directory with \"..\""},
            {"hard.tar", "layer member \"h -> ../outside/secret\" escapes the target directory with \"..\""},
        };
        write("dotdot.tar", new Tar().file("../outside/secret", "pwned", 0644).bytes());
        write("hard.tar", new Tar().link("h", "../outside/secret", TarConstants.LF_LINK).bytes());
        for (String[] c : refused) {
            assertThatThrownBy(() -> Archives.unpack(dir.resolve(c[0]), dest))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage("unpacking \"" + c[0] + "\": " + c[1]);
        }
        assertThat(outside.resolve("secret")).hasContent("keep me");
        try (Stream<Path> s = Files.list(outside)) {
            assertThat(s.count()).isEqualTo(1);
        }
        assertThat(Files.exists(dest.resolve("h"), LinkOption.NOFOLLOW_LINKS)).isFalse();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    @ParameterizedTest
    @EnumSource(StreamCompression.class)
    void membersAreTheNamesAsWrittenInOrder(StreamCompression compression) throws IOException {
        String longName = "deep/" + "n".repeat(150);
        Path archive = write("m.tar", compress(sample().dir("deep").file(longName, "x", 0644).bytes(), compression));
        assertThat(Archives.members(archive)).containsExactly("app/", "app/run.sh", "app/config", "app/current",
                "app/hard", "app/.wh.hidden", "app/.wh..wh..opq", "deep/", longName);
    }

    @Test
    void membersOfATruncatedArchiveIsAnErrorNamingIt() throws IOException {
        byte[] tar = sample().bytes();
        Path archive = write("cut.tar", Arrays.copyOf(tar, 1024 + 100));
        assertThatThrownBy(() -> Archives.members(archive))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("unpacking \"cut.tar\": the tar stream is truncated");
    }
}
