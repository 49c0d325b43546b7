package dev.stevedore.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.diag.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Layers written to break out of their target. Each test checks that nothing outside the
 * target was created or changed: {@code outside} is a sibling directory with a known content.
 */
class HostileLayerTest {

    @TempDir
    Path dir;
    Path target;
    Path outside;
    Map<String, String> outsideBefore;

    @BeforeEach
    void setUp() throws IOException {
        target = Files.createDirectory(dir.resolve("target"));
        outside = Files.createDirectory(dir.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "keep me");
        outsideBefore = Trees.describe(outside);
    }

    private void assertOutsideUntouched() throws IOException {
        assertThat(Trees.describe(outside)).isEqualTo(outsideBefore);
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("target", "outside");
        }
    }

    /** A tar built with commons-compress, as an attacker would, member by member. */
    private static final class Hostile {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes);

        Hostile() {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        }

        Hostile file(String name, String content) throws IOException {
            TarArchiveEntry e = new TarArchiveEntry(name, true);
            byte[] data = content.getBytes(StandardCharsets.UTF_8);
            e.setSize(data.length);
            e.setMode(0100644);
            tar.putArchiveEntry(e);
            tar.write(data);
            tar.closeArchiveEntry();
            return this;
        }

        Hostile dir(String name) throws IOException {
            TarArchiveEntry e = new TarArchiveEntry(name.endsWith("/") ? name : name + "/", true);
            e.setMode(040755);
            tar.putArchiveEntry(e);
            tar.closeArchiveEntry();
            return this;
        }

        Hostile link(String name, String target, byte type) throws IOException {
            TarArchiveEntry e = new TarArchiveEntry(name, type, true);
            e.setLinkName(target);
            e.setMode(0120777);
            tar.putArchiveEntry(e);
            tar.closeArchiveEntry();
            return this;
        }

        Hostile symlink(String name, String target) throws IOException {
            return link(name, target, TarConstants.LF_SYMLINK);
        }

        Hostile hardlink(String name, String target) throws IOException {
            return link(name, target, TarConstants.LF_LINK);
        }

        Hostile device(String name, int major, int minor) throws IOException {
            TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_CHR, true);
            e.setDevMajor(major);
            e.setDevMinor(minor);
            e.setMode(020666);
            tar.putArchiveEntry(e);
            tar.closeArchiveEntry();
            return this;
        }

        byte[] bytes() throws IOException {
            tar.finish();
            return bytes.toByteArray();
        }
    }

    private void apply(byte[] layer) throws IOException {
        LayerApplier.apply(new ByteArrayInputStream(layer), target, Whiteouts.DELETE);
    }

    @Test
    void dotDotThatEscapesIsRefused() throws IOException {
        byte[] layer = new Hostile().file("../outside/secret", "owned").bytes();
        assertThatThrownBy(() -> apply(layer)).isInstanceOf(InvalidInputException.class)
                .hasMessage("layer member \"../outside/secret\" escapes the target directory with \"..\"");
        assertOutsideUntouched();
    }

    @Test
    void dotDotInsideTheTargetIsFine() throws IOException {
        apply(new Hostile().dir("a").file("a/../b", "fine").bytes());
        assertThat(target.resolve("b")).hasContent("fine");
        assertThatThrownBy(() -> apply(new Hostile().file("a/../../x", "no").bytes()))
                .hasMessageContaining("\"a/../../x\" escapes the target directory");
        assertOutsideUntouched();
    }

    @Test
    void absoluteNamesLandInsideTheTarget() throws IOException {
        Path abs = outside.resolve("secret").toAbsolutePath();
        apply(new Hostile().file(abs.toString(), "inside").file("/etc/passwd", "root:x:0:0").bytes());
        assertThat(target.resolve(abs.toString().substring(1))).hasContent("inside");
        assertThat(target.resolve("etc/passwd")).hasContent("root:x:0:0");
        assertOutsideUntouched();
    }

    @Test
    void aSymlinkPlantedInTheSameLayerIsNotFollowedOut() throws IOException {
        apply(new Hostile().symlink("escape", outside.toAbsolutePath().toString())
                .file("escape/secret", "owned").file("escape/new", "owned").bytes());
        assertOutsideUntouched();
        // resolved inside the target, as a chroot would
        assertThat(target.resolve(outside.toAbsolutePath().toString().substring(1)).resolve("secret")).hasContent("owned");
        assertThat(Files.isSymbolicLink(target.resolve("escape"))).isTrue();
    }

    @Test
    void aRelativeSymlinkClimbingOutIsClampedAtTheTarget() throws IOException {
        apply(new Hostile().symlink("up", "../../../../outside").file("up/secret", "owned").bytes());
        assertOutsideUntouched();
        assertThat(target.resolve("outside/secret")).hasContent("owned");
    }

    @Test
    void aSymlinkAlreadyInTheTargetIsNotFollowedOut() throws IOException {
        Files.createSymbolicLink(target.resolve("lib"), outside.toAbsolutePath());
        Files.createSymbolicLink(target.resolve("root"), Path.of("/"));
        apply(new Hostile().file("lib/secret", "owned").file("root/etc/evil", "owned").bytes());
        assertOutsideUntouched();
        assertThat(Path.of("/etc/evil")).doesNotExist();
        assertThat(target.resolve("etc/evil")).hasContent("owned");
    }

    @Test
    void aSymlinkToRootThenAFileUnderIt() throws IOException {
        apply(new Hostile().symlink("r", "/").file("r" + outside.toAbsolutePath() + "/secret", "owned").bytes());
        assertOutsideUntouched();
    }

    @Test
    void theLastComponentIsReplacedNotFollowed() throws IOException {
        apply(new Hostile().symlink("s", outside.resolve("secret").toAbsolutePath().toString()).file("s", "replaced").bytes());
        assertOutsideUntouched();
        assertThat(Files.isSymbolicLink(target.resolve("s"))).isFalse();
        assertThat(target.resolve("s")).hasContent("replaced");
    }

    @Test
    void hardLinksOutOfTheTargetAreRefused() throws IOException {
        assertThatThrownBy(() -> apply(new Hostile().hardlink("shadow", "/etc/shadow").bytes()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("layer member \"shadow\" is a hard link to \"/etc/shadow\", which is not in the layer or below it");
        assertThatThrownBy(() -> apply(new Hostile().hardlink("x", "../outside/secret").bytes()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("layer member \"x -> ../outside/secret\" escapes the target directory with \"..\"");
        assertThatThrownBy(() -> apply(new Hostile().symlink("o", outside.toAbsolutePath().toString())
                        .hardlink("y", "o/secret").bytes()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("is a hard link to \"o/secret\", which is not in the layer or below it");
        assertOutsideUntouched();
        assertThat(target.resolve("shadow")).doesNotExist();
    }

    @Test
    void hardLinksInsideWork() throws IOException {
        apply(new Hostile().file("a", "data").hardlink("b", "/a").bytes());
        assertThat(Files.isSameFile(target.resolve("a"), target.resolve("b"))).isTrue();
    }

    @Test
    void devicesAreCreatedOnlyInside() throws IOException {
        apply(new Hostile().device("dev/null", 1, 3).bytes());
        assertThat(Trees.describe(target).get("dev/null")).contains("dev Device[major=1, minor=3]");
        assertThatThrownBy(() -> apply(new Hostile().device("../outside/null", 1, 3).bytes()))
                .hasMessageContaining("escapes the target directory");
        assertOutsideUntouched();
    }

    @Test
    void overlayXattrsInALayerAreIgnored() throws IOException {
        var h = new Hostile();
        TarArchiveEntry e = new TarArchiveEntry("d/", true);
        e.setMode(040755);
        e.addPaxHeader("SCHILY.xattr.trusted.overlay.opaque", "y");
        h.tar.putArchiveEntry(e);
        h.tar.closeArchiveEntry();
        apply(h.bytes());
        assertThat(Trees.describe(target).get("d")).doesNotContain("overlay");
    }

    @Test
    void anXattrOutsideTheKernelsNamespacesIsRefusedByName() throws IOException {
        // found by ReadersMutationTest: it used to escape as "lsetxattr ...: Operation not supported"
        var h = new Hostile();
        TarArchiveEntry e = new TarArchiveEntry("d/", true);
        e.setMode(040755);
        e.addPaxHeader("SCHILY.xattr.usee6k", "v");
        h.tar.putArchiveEntry(e);
        h.tar.closeArchiveEntry();
        assertThatThrownBy(() -> apply(h.bytes()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("layer member \"d/\" has an extended attribute \"usee6k\" outside the user., trusted., "
                        + "security. and system. namespaces");
        assertOutsideUntouched();
    }

    @Test
    void aFileAsParentIsRefused() {
        assertThatThrownBy(() -> apply(new Hostile().file("f", "x").file("f/g", "y").bytes()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("layer member \"f/g\": \"f\" is not a directory");
    }

    @Test
    void symlinkLoopsAreRefused() {
        assertThatThrownBy(() -> apply(new Hostile().symlink("a", "b").symlink("b", "a").file("a/x", "y").bytes()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("layer member \"a/x\": too many levels of symbolic links in its parent directories");
    }

    @Test
    void truncatedAndCorruptStreamsAreRejected() throws IOException {
        byte[] tar = new Hostile().file("a", "x".repeat(5000)).file("b", "y").bytes();
        assertThatThrownBy(() -> apply(Arrays.copyOf(tar, 1000)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("tar stream is truncated");
        byte[] corrupt = tar.clone();
        corrupt[10] ^= 1;
        assertThatThrownBy(() -> apply(corrupt))
                .isInstanceOf(InvalidInputException.class).hasMessage("the layer's tar stream is corrupt: bad header checksum at byte 0");

        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(tar);
        }
        byte[] gzip = gz.toByteArray();
        assertThatThrownBy(() -> apply(Arrays.copyOf(gzip, gzip.length - 10)))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("the layer's gzip stream is corrupt or truncated");
        byte[] badGzip = gzip.clone();
        badGzip[20] ^= 0x55;
        badGzip[21] ^= 0x55;
        assertThatThrownBy(() -> apply(badGzip))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("the layer's gzip stream is corrupt or truncated");

        byte[] zstd = com.github.luben.zstd.Zstd.compress(tar);
        assertThatThrownBy(() -> apply(Arrays.copyOf(zstd, zstd.length / 2)))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("the layer's zstd stream is corrupt or truncated");
    }
}
