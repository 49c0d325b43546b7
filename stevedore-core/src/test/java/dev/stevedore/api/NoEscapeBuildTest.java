package dev.stevedore.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.diag.StevedoreException;
import dev.stevedore.testing.BusyboxImage;
import dev.stevedore.testing.TarBuilder;
import dev.stevedore.testing.Traces;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End-to-end builds that try to read or write outside their context, their image or their
 * destination: symlinks in the context pointing out, {@code COPY ../x}, chains of absolute
 * symlinks, base images with hostile layers, {@code ADD} of hostile tars. A canary directory
 * beside the context (known content and mtime) and the host's {@code /etc/shadow} must be
 * exactly as they were, and the canary's content in no file of the store.
 */
class NoEscapeBuildTest {

    private static final FileTime OLD = FileTime.fromMillis(1_000_000_000_000L);
    private static final Path SHADOW = Path.of("/etc/shadow");

    @TempDir
    Path dir;

    BuildHarness h;
    Path outside;
    String canary;
    Map<String, String> outsideBefore;
    String shadowBefore;

    @BeforeEach
    void setUp() throws Exception {
        h = new BuildHarness(dir);
        outside = Files.createDirectory(dir.resolve("outside"));
        canary = "CANARY-" + UUID.randomUUID();
        Files.setLastModifiedTime(Files.writeString(outside.resolve("canary.txt"), canary), OLD);
        Files.createDirectory(outside.resolve("sub"));
        Files.setLastModifiedTime(outside.resolve("sub"), OLD);
        outsideBefore = describe(outside);
        shadowBefore = describeFile(SHADOW);
    }

    @AfterEach
    void nothingOutsideChanged() throws Exception {
        assertThat(describe(outside)).as("the canary directory").isEqualTo(outsideBefore);
        assertThat(describeFile(SHADOW)).as("/etc/shadow").isEqualTo(shadowBefore);
        assertThat(Traces.filesHolding(h.root, canary)).as("store files holding the canary's content").isEmpty();
    }

    @Test
    void contextSymlinksAndDotDotStayInsideTheContext() throws Exception {
        Path ctx = h.context;
        Files.createSymbolicLink(ctx.resolve("abs"), outside.resolve("canary.txt"));
        Files.createSymbolicLink(ctx.resolve("rel"), Path.of("../outside/canary.txt"));
        Files.createSymbolicLink(ctx.resolve("dirlink"), outside);
        // a chain of absolute links: /c1 -> /c2 -> /c3 -> the canary's directory, as a chroot sees them
        Files.createSymbolicLink(ctx.resolve("c1"), Path.of("/c2"));
        Files.createSymbolicLink(ctx.resolve("c2"), Path.of("/c3"));
        Files.createSymbolicLink(ctx.resolve("c3"), outside);
        h.file("inside.txt", "inside");
        for (String copy : List.of("COPY abs /x", "COPY rel /x", "COPY dirlink/canary.txt /x", "COPY c1/canary.txt /x",
                "COPY c1 /x/", "COPY ../outside/canary.txt /x", "ADD ../outside/canary.txt /x",
                "COPY inside.txt/../../outside/canary.txt /x")) {
            assertThatThrownBy(() -> h.build("FROM busybox\n" + copy + "\n")).as(copy)
                    .isInstanceOf(StevedoreException.class)
                    .hasMessageContaining("not found in the build context");
        }
        h.build("FROM busybox\nCOPY . /ctx/\nRUN cat /ctx/inside.txt && ! cat /ctx/abs /ctx/c1/canary.txt\n");
        Path rootfs = h.unpack("docker.io/test/app:latest");
        assertThat(Files.readSymbolicLink(rootfs.resolve("ctx/abs"))).isEqualTo(outside.resolve("canary.txt"));
        assertThat(Files.readSymbolicLink(rootfs.resolve("ctx/c1"))).isEqualTo(Path.of("/c2"));
        assertThat(Traces.filesHolding(rootfs, canary)).isEmpty();
    }

    @Test
    void aHostileBaseLayerIsAppliedInsideItsSnapshot() throws Exception {
        String out = outside.toString();
        byte[] layer = new TarBuilder()
                .symlink("evil", "/").file("evil" + out + "/canary.txt", "owned by evil").file("evil" + out + "/new", "x")
                .symlink("up", "../../../../../../../..").file("up" + out + "/canary.txt", "owned by up")
                .file(out + "/planted", "absolute name")
                .device("devices/null", 1, 3)
                .bytes();
        BusyboxImage.withLayers(h.store, dir.resolve("hostile-ok"), "docker.io/hostile/ok:1", List.of(layer));
        h.build("""
                FROM docker.io/hostile/ok:1
                RUN test -c /devices/null && echo through > /evil/written-through-link && cat %1$s/canary.txt
                """.formatted(out));
        assertThat(Path.of("/written-through-link")).doesNotExist();
        Path rootfs = h.unpack("docker.io/test/app:latest");
        assertThat(rootfs.resolve(out.substring(1)).resolve("canary.txt")).hasContent("owned by up");
        assertThat(rootfs.resolve("written-through-link")).hasContent("through\n");
    }

    @Test
    void aBaseLayerClimbingOutOrLinkingToTheHostFailsTheBuild() throws Exception {
        BusyboxImage.withLayers(h.store, dir.resolve("dotdot"), "docker.io/hostile/dotdot:1",
                List.of(new TarBuilder().file("../../../../../../.." + outside + "/canary.txt", "owned").bytes()));
        BusyboxImage.withLayers(h.store, dir.resolve("shadow"), "docker.io/hostile/shadow:1",
                List.of(new TarBuilder().hardlink("shadow", "/etc/shadow").bytes()));
        BusyboxImage.withLayers(h.store, dir.resolve("hardup"), "docker.io/hostile/hardup:1",
                List.of(new TarBuilder().symlink("o", outside.toString()).hardlink("stolen", "o/canary.txt").bytes()));
        assertThatThrownBy(() -> h.build("FROM docker.io/hostile/dotdot:1\nRUN true\n"))
                .isInstanceOf(StevedoreException.class).hasMessageContaining("escapes the target directory with \"..\"");
        assertThatThrownBy(() -> h.build("FROM docker.io/hostile/shadow:1\nRUN true\n"))
                .isInstanceOf(StevedoreException.class)
                .hasMessageContaining("is a hard link to \"/etc/shadow\", which is not in the layer or below it");
        assertThatThrownBy(() -> h.build("FROM docker.io/hostile/hardup:1\nRUN true\n"))
                .isInstanceOf(StevedoreException.class)
                .hasMessageContaining("is a hard link to \"o/canary.txt\", which is not in the layer or below it");
    }

    @Test
    void addOfAHostileTarStaysInItsDestination() throws Exception {
        String out = outside.toString();
        Files.write(h.context.resolve("links.tar"), new TarBuilder()
                .symlink("s", out).file("s/canary.txt", "owned via s")
                .symlink("up", "../../../../../../..").file("up" + out + "/canary.txt", "owned via up")
                .file(out + "/planted", "absolute").bytes());
        Files.write(h.context.resolve("dotdot.tar.gz"), new TarBuilder()
                .file("../../../../../../.." + out + "/canary.txt", "owned").gzip());
        Files.write(h.context.resolve("shadow.tar"), new TarBuilder().hardlink("shadow", "/etc/shadow").bytes());
        h.build("FROM busybox\nADD links.tar /dst/\n");
        Path rootfs = h.unpack("docker.io/test/app:latest");
        assertThat(Files.readSymbolicLink(rootfs.resolve("dst/s"))).isEqualTo(outside);
        // wherever the links led, it was inside the image
        for (String written : List.of("owned via up", "absolute")) {
            assertThat(Traces.filesHolding(rootfs, written)).as(written).isNotEmpty();
        }
        assertThatThrownBy(() -> h.build("FROM busybox\nADD dotdot.tar.gz /dst/\n"))
                .isInstanceOf(StevedoreException.class).hasMessageContaining("escapes the target directory");
        assertThatThrownBy(() -> h.build("FROM busybox\nADD shadow.tar /dst/\n"))
                .isInstanceOf(StevedoreException.class).hasMessageContaining("\"/etc/shadow\"");
    }

    /** Every path under {@code root} with its type, size, mode, mtime and content digest. */
    private static Map<String, String> describe(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                out.put(root.relativize(p).toString(), describeFile(p));
            }
        }
        return out;
    }

    private static String describeFile(Path p) throws IOException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return "absent";
        }
        var attrs = Files.readAttributes(p, "unix:mode,size,lastModifiedTime,ino", LinkOption.NOFOLLOW_LINKS);
        String content = Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) ? sha256(Files.readAllBytes(p)) : "";
        return attrs.get("mode") + " " + attrs.get("size") + " " + attrs.get("lastModifiedTime") + " " + attrs.get("ino")
                + " " + content;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
