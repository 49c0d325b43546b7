package dev.stevedore.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.diag.InternalException;
import dev.stevedore.fs.FileTrees;
import dev.stevedore.oci.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pieces that need no mount: options, mountinfo escapes, chain IDs, the index, temp names. */
class PartsTest {

    @TempDir
    Path dir;

    @Test
    void overlayOptionsListLowersTopFirstAndForceFeaturesOff() {
        var options = new OverlayOptions(List.of(Path.of("/s/2/fs"), Path.of("/s/1/fs")), Path.of("/a/u"), Path.of("/a/w"));
        assertThat(options.text()).isEqualTo(
                "lowerdir=/s/2/fs:/s/1/fs,upperdir=/a/u,workdir=/a/w,redirect_dir=off,metacopy=off,index=off");
        assertThat(OverlayOptions.readOnly(List.of(Path.of("/x"), Path.of("/y"))).text())
                .isEqualTo("lowerdir=/x:/y,redirect_dir=off,metacopy=off,index=off");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/plain/path|/plain/path",
        "/a:b|/a\\:b",
        "/a,b|/a\\,b",
        "/a\\b|/a\\\\b",
    })
    void overlayOptionsEscapeColonCommaAndBackslash(String path, String escaped) {
        assertThat(OverlayOptions.escape(Path.of(path))).isEqualTo(escaped);
    }

    @Test
    void optionsFitInOnePageMinusTheNul() {
        String fixed = "lowerdir=,upperdir=/u,workdir=/w,redirect_dir=off,metacopy=off,index=off";
        Path exact = Path.of("/" + "x".repeat(OverlayOptions.LIMIT - fixed.length() - 1));
        assertThat(new OverlayOptions(List.of(exact), Path.of("/u"), Path.of("/w")).length()).isEqualTo(4095);
        assertThat(new OverlayOptions(List.of(exact), Path.of("/u"), Path.of("/w")).fits()).isTrue();
        assertThat(new OverlayOptions(List.of(Path.of(exact + "y")), Path.of("/u"), Path.of("/w")).fits()).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/var/lib/x|/var/lib/x",
        "/with\\040space|/with space",
        "/tab\\011and\\134backslash|/tab\tand\\backslash",
        "/not\\08octal|/not\\08octal",
        "/end\\04|/end\\04",
    })
    void mountinfoEscapesAreDecoded(String field, String path) {
        assertThat(MountTable.unescape(field)).isEqualTo(path);
    }

    private static Snapshot snapshot(int n) {
        return new Snapshot(Digest.sha256(new byte[] {(byte) n}), Integer.toString(n), Path.of("/s/" + n + "/fs"));
    }

    @Test
    void chainIdsFollowContainerd() {
        Snapshot bottom = snapshot(1);
        Snapshot middle = snapshot(2);
        Snapshot top = snapshot(3);
        Digest two = Digest.sha256((bottom.key() + " " + middle.key()).getBytes(StandardCharsets.UTF_8));
        assertThat(Stacks.chainId(List.of(bottom))).isEqualTo(bottom.key());
        assertThat(Stacks.chainId(List.of(middle, bottom))).isEqualTo(two);
        assertThat(Stacks.chainId(List.of(top, middle, bottom)))
                .isEqualTo(Digest.sha256((two + " " + top.key()).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theIndexRoundTripsAndMovesItsCounterPastUsedIds() throws IOException {
        Path file = dir.resolve("index.json");
        Digest a = Digest.sha256(new byte[] {1});
        Digest b = Digest.sha256(new byte[] {2});
        Instant t = Instant.parse("2025-01-02T03:04:05Z");
        SnapshotIndex index = SnapshotIndex.empty()
                .with(a, new SnapshotIndex.Entry("1", 10, t, t, false))
                .with(b, new SnapshotIndex.Entry("7", 20, t, t.plusSeconds(1), true));
        assertThat(index.next()).isEqualTo(8);
        index.write(file, Files.createDirectories(dir.resolve("tmp")));

        SnapshotIndex read = SnapshotIndex.read(file);
        assertThat(read).isEqualTo(index);
        assertThat(read.keyOf("7")).contains(b);
        assertThat(read.without(b).entries()).containsOnlyKeys(a);
        assertThat(read.without(b).next()).isEqualTo(8); // ids are never reused
        assertThat(Files.list(dir.resolve("tmp"))).isEmpty();
        assertThat(SnapshotIndex.read(dir.resolve("absent.json"))).isEqualTo(SnapshotIndex.empty());
    }

    @Test
    void aCorruptIndexIsAnErrorNamingIt() throws IOException {
        Path file = Files.writeString(dir.resolve("index.json"), "{\"snapshots\":{\"sha256:zz\":{}}}");
        assertThatThrownBy(() -> SnapshotIndex.read(file))
                .isInstanceOf(InternalException.class)
                .hasMessageStartingWith("snapshot index " + file + " is corrupt (");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "x-123-abcd|123",
        "rm-45-qrst7|45",
        "678-wxyz|678",
        "index|",
        "x-notapid-abcd|",
    })
    void tempNamesCarryTheirOwnersPid(String name, Long pid) {
        assertThat(TempNames.ownerPid(name)).isEqualTo(Optional.ofNullable(pid));
    }

    @Test
    void ownerLivenessFollowsThePid() {
        assertThat(TempNames.ownerIsDead("x-" + ProcessHandle.current().pid() + "-abcd")).isFalse();
        assertThat(TempNames.ownerIsDead("x-notapid-abcd")).isTrue();
        assertThat(new ActiveDir(dir.resolve(ProcessHandle.current().pid() + "-abcd")).ownerAlive()).isTrue();
    }

    @Test
    void fileTreesMeasureHardLinksOnceAndDeleteWithoutFollowingSymlinks() throws IOException {
        Path root = Files.createDirectories(dir.resolve("root/sub"));
        Files.writeString(root.resolve("f"), "12345");
        Files.createLink(root.resolve("g"), root.resolve("f"));
        Path outside = Files.writeString(dir.resolve("outside"), "keep");
        Files.createSymbolicLink(root.resolve("link"), outside);
        assertThat(FileTrees.bytes(dir.resolve("root"))).isEqualTo(5);
        dev.stevedore.fs.FileTrees.delete(dir.resolve("root"));
        assertThat(dir.resolve("root")).doesNotExist();
        assertThat(outside).hasContent("keep");
        dev.stevedore.fs.FileTrees.delete(dir.resolve("root")); // absent: nothing to do
    }
}
