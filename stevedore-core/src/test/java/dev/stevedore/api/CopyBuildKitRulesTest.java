package dev.stevedore.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.stevedore.diag.StevedoreException;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * COPY/ADD where BuildKit's {@code copyOpt} decides: symlink sources followed, empty wildcards
 * allowed, {@code --chown} on unpacked archives, and {@code --checksum} URLs cached without a request.
 */
class CopyBuildKitRulesTest {

    @TempDir
    Path dir;

    BuildHarness h;

    @BeforeEach
    void setUp() throws Exception {
        h = new BuildHarness(dir);
    }

    @Test
    void aSymlinkSourceIsFollowedButSymlinksInsideADirectoryStay() throws Exception {
        h.file("real.txt", "real");
        h.file("tree/plain.txt", "p");
        Files.createSymbolicLink(h.context.resolve("link"), Path.of("real.txt"));
        Files.createSymbolicLink(h.context.resolve("tree/inner"), Path.of("../real.txt"));
        Files.createSymbolicLink(h.context.resolve("dirlink"), Path.of("/tree"));
        h.build("""
                FROM busybox
                COPY link /named/
                COPY lin? /globbed/
                COPY link /renamed.txt
                COPY tree /tree/
                COPY dirlink /walked/
                """);
        Path rootfs = h.unpack("docker.io/test/app:latest");
        for (String copied : new String[] {"named/link", "globbed/link", "renamed.txt"}) {
            assertThat(rootfs.resolve(copied)).as(copied).isRegularFile().hasContent("real");
        }
        assertThat(Files.isSymbolicLink(rootfs.resolve("tree/inner"))).isTrue();
        assertThat(Files.readSymbolicLink(rootfs.resolve("tree/inner"))).isEqualTo(Path.of("../real.txt"));
        assertThat(Files.isSymbolicLink(rootfs.resolve("walked/inner"))).isTrue();
        assertThat(rootfs.resolve("walked/plain.txt")).hasContent("p");
    }

    @Test
    void aSymlinkSourceCannotLeaveTheContext() throws Exception {
        Files.createSymbolicLink(h.context.resolve("passwd"), Path.of("/etc/passwd"));
        Files.createSymbolicLink(h.context.resolve("up"), Path.of("../../../../etc/passwd"));
        for (String source : new String[] {"passwd", "up"}) {
            assertThatThrownBy(() -> h.build("FROM busybox\nCOPY " + source + " /x\n"))
                    .isInstanceOf(StevedoreException.class)
                    .hasMessageContaining("\"" + source + "\" not found in the build context");
        }
    }

    @Test
    void aWildcardMatchingNothingCopiesNothingButAMissingFileIsAnError() throws Exception {
        h.file("a.txt", "a");
        h.build("""
                FROM busybox
                COPY *.nope /empty/
                COPY *.nope a.txt /mixed/
                """);
        Path rootfs = h.unpack("docker.io/test/app:latest");
        assertThat(rootfs.resolve("empty")).as("BuildKit's copy returns before creating it").doesNotExist();
        assertThat(rootfs.resolve("mixed/a.txt")).hasContent("a");
        assertThat(h.steps(dev.stevedore.event.BuildEvent.StepDone.class)).contains("[2/3] COPY *.nope /empty/");

        assertThatThrownBy(() -> h.build("FROM busybox\nCOPY *.nope missing.txt /x/\n"))
                .isInstanceOf(StevedoreException.class)
                .hasMessageContaining("\"missing.txt\" not found in the build context");
    }

    /** Issue #22: BuildKit copies each match of a wildcard as a named source would be copied. */
    @Test
    void aWildcardMatchingOneFileCopiesItAsAFile() throws Exception {
        h.file("one/only.txt", "only");
        h.file("filtered/kept.txt", "kept");
        h.file("filtered/dropped.txt", "dropped");
        h.file(".dockerignore", "filtered/dropped.txt\n");
        h.file("dirs/sub/inner.txt", "inner");
        h.file("two/a.txt", "a");
        h.file("two/b.txt", "b");
        h.build("""
                FROM busybox
                COPY one/* /foo
                COPY filtered/* /bar
                COPY --exclude=a.txt two/* /excluded
                COPY one/* /into/
                COPY dirs/* /contents
                COPY two/* /tmp
                """);
        Path rootfs = h.unpack("docker.io/test/app:latest");
        assertThat(rootfs.resolve("foo")).as("one match: the file itself").isRegularFile().hasContent("only");
        assertThat(rootfs.resolve("bar")).as("one match after .dockerignore").isRegularFile().hasContent("kept");
        assertThat(rootfs.resolve("excluded")).as("one match after --exclude").isRegularFile().hasContent("b");
        assertThat(rootfs.resolve("into/only.txt")).hasContent("only");
        assertThat(rootfs.resolve("contents/inner.txt")).as("a matched directory: its contents").hasContent("inner");
        assertThat(rootfs.resolve("tmp/a.txt")).as("an existing directory takes several").hasContent("a");
        assertThat(rootfs.resolve("tmp/b.txt")).hasContent("b");

        assertThatThrownBy(() -> h.build("FROM busybox\nCOPY two/* /two\n"))
                .isInstanceOf(StevedoreException.class)
                .hasMessageContaining("Dockerfile:2")
                .hasMessageContaining("When using COPY with more than one source file, the destination must be a"
                        + " directory and end with a /");
    }

    @Test
    void addChownOwnsTheUnpackedMembersAndChmodLeavesTheirModes() throws Exception {
        Files.write(h.context.resolve("files.tar.gz"), tarGz());
        h.build("""
                FROM busybox
                ADD --chown=1:2 files.tar.gz /owned/
                ADD --chmod=600 files.tar.gz /moded/
                ADD files.tar.gz /kept/
                """);
        Path rootfs = h.unpack("docker.io/test/app:latest");
        for (String member : new String[] {"owned/inner", "owned/inner/hello.txt", "owned/inner/link"}) {
            assertThat(owner(rootfs.resolve(member))).as(member).isEqualTo("1:2");
        }
        assertThat(owner(rootfs.resolve("owned/implied"))).as("a parent the archive does not name").isEqualTo("0:0");
        assertThat(owner(rootfs.resolve("owned/implied/x.txt"))).isEqualTo("1:2");
        assertThat(owner(rootfs.resolve("kept/inner/hello.txt"))).isEqualTo("7:8");
        assertThat(mode(rootfs.resolve("moded/inner/hello.txt"))).isEqualTo("644");
        assertThat(mode(rootfs.resolve("moded/inner"))).isEqualTo("750");
    }

    @Test
    void addWithChecksumIsCachedWithoutARequest() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] body = "downloaded\n".getBytes(StandardCharsets.UTF_8);
        AtomicInteger requests = new AtomicInteger();
        server.createContext("/data.txt", ex -> {
            requests.incrementAndGet();
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/data.txt";
            String sha = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
            String dockerfile = "FROM busybox\nADD --checksum=" + sha + " " + url + " /got.txt\n";
            BuildResult first = h.build(dockerfile);
            assertThat(requests).hasValue(1);
            BuildResult second = h.build(dockerfile);
            assertThat(requests).as("the checksum is the key: no download").hasValue(1);
            assertThat(h.steps(dev.stevedore.event.BuildEvent.StepCached.class)).hasSize(1);
            assertThat(second.imageId()).isEqualTo(first.imageId());
            assertThat(h.unpack("docker.io/test/app:latest").resolve("got.txt")).hasContent("downloaded");
        } finally {
            server.stop(0);
        }
    }

    private static String owner(Path p) throws Exception {
        return Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS) + ":"
                + Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS);
    }

    private static String mode(Path p) throws Exception {
        return Integer.toOctalString((int) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777);
    }

    /** inner/ (0750), inner/hello.txt (0644), inner/link -> hello.txt, implied/x.txt; all owned 7:8. */
    private static byte[] tarGz() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            TarArchiveEntry d = new TarArchiveEntry("inner/");
            d.setMode(040750);
            add(tar, d, null);
            add(tar, new TarArchiveEntry("inner/hello.txt"), "hi");
            TarArchiveEntry link = new TarArchiveEntry("inner/link", TarArchiveEntry.LF_SYMLINK);
            link.setLinkName("hello.txt");
            add(tar, link, null);
            add(tar, new TarArchiveEntry("implied/x.txt"), "x");
        }
        return bytes.toByteArray();
    }

    private static void add(TarArchiveOutputStream tar, TarArchiveEntry e, String content) throws Exception {
        e.setIds(7, 8);
        byte[] data = content == null ? new byte[0] : content.getBytes(StandardCharsets.UTF_8);
        if (content != null) {
            e.setSize(data.length);
            e.setMode(0100644);
        }
        tar.putArchiveEntry(e);
        tar.write(data);
        tar.closeArchiveEntry();
    }
}
