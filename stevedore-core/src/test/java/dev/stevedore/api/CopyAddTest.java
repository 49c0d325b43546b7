package dev.stevedore.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.stevedore.diag.StevedoreException;
import dev.stevedore.oci.History;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** COPY and ADD end to end: here-documents, symbolic --chmod, --parents, created_by, archives, URLs, git. */
class CopyAddTest {

    @TempDir
    Path dir;

    BuildHarness h;

    @BeforeEach
    void setUp() throws Exception {
        h = new BuildHarness(dir);
    }

    @Test
    void hereDocumentsForCopyAndRun() throws Exception {
        BuildResult result = h.build("""
                FROM busybox
                ARG NAME=world
                ENV GREETING=hello
                COPY <<EOF /greet.txt
                $GREETING ${NAME}
                EOF
                COPY <<'EOF' /raw.txt
                $GREETING "kept"
                EOF
                COPY <<-EOF /tabs.txt
                \t\ttabbed
                EOF
                RUN <<EOF
                echo from-heredoc > /ran
                echo second-line >> /ran
                EOF
                RUN cat <<'A' > /quoted.txt && cat <<B > /expanded.txt
                $HOME
                A
                $GREETING
                B
                RUN <<EOF
                #!/bin/sh
                echo "shebang $0" > /shebang
                EOF
                """);
        Path rootfs = h.unpack("docker.io/test/app:latest");
        assertThat(rootfs.resolve("greet.txt")).hasContent("hello world\n");
        assertThat(rootfs.resolve("raw.txt")).hasContent("$GREETING \"kept\"\n");
        assertThat(rootfs.resolve("tabs.txt")).hasContent("tabbed\n");
        assertThat(Integer.toOctalString(mode(rootfs.resolve("greet.txt")))).isEqualTo("644");
        assertThat(rootfs.resolve("ran")).hasContent("from-heredoc\nsecond-line\n");
        assertThat(rootfs.resolve("quoted.txt")).hasContent("$HOME\n");
        assertThat(rootfs.resolve("expanded.txt")).hasContent("hello\n");
        assertThat(rootfs.resolve("shebang")).hasContent("shebang /dev/pipes/EOF\n");
        assertThat(rootfs.resolve("dev/pipes")).as("the script mount leaves no trace").doesNotExist();
        assertThat(h.config(result).history()).extracting(History::createdBy)
                .contains("COPY <<EOF /greet.txt # buildkit", "COPY <<EOF /raw.txt # buildkit",
                        "RUN |1 NAME=world /bin/sh -c echo from-heredoc > /ran\necho second-line >> /ran\n # buildkit");
    }

    @Test
    void symbolicChmodParentsAndTheFlagsInHistory() throws Exception {
        h.file("a.sh", "#!/bin/sh\n");
        Files.setPosixFilePermissions(h.context.resolve("a.sh"), PosixFilePermissions.fromString("rw-rw-r--"));
        h.file("x/y/f.txt", "f");
        h.file("z/g.txt", "g");
        h.file("src/./deep/h.txt", "h");
        BuildResult result = h.build("""
                FROM busybox
                COPY --chmod=u+x,g-w a.sh /bin/
                COPY --parents x/y/f.txt z/g.txt /out/
                COPY --parents src/./deep/h.txt /pivot/
                COPY --chown=1:2 --chmod=640 a.sh /owned
                COPY --chmod=g+X x /tree/
                """);
        Path rootfs = h.unpack("docker.io/test/app:latest");
        assertThat(Integer.toOctalString(mode(rootfs.resolve("bin/a.sh")))).isEqualTo("744");
        assertThat(rootfs.resolve("out/x/y/f.txt")).hasContent("f");
        assertThat(rootfs.resolve("out/z/g.txt")).hasContent("g");
        assertThat(rootfs.resolve("pivot/deep/h.txt")).hasContent("h");
        assertThat(Integer.toOctalString(mode(rootfs.resolve("owned")))).isEqualTo("640");
        assertThat(Files.getAttribute(rootfs.resolve("owned"), "unix:uid")).isEqualTo(1);
        assertThat(Files.getAttribute(rootfs.resolve("owned"), "unix:gid")).isEqualTo(2);
        assertThat(Integer.toOctalString(mode(rootfs.resolve("tree/y")))).isEqualTo("755");
        assertThat(Integer.toOctalString(mode(rootfs.resolve("tree/y/f.txt")))).isEqualTo("644");
        assertThat(h.config(result).history()).extracting(History::createdBy).contains(
                "COPY --chmod=u+x,g-w a.sh /bin/ # buildkit",
                "COPY --parents x/y/f.txt z/g.txt /out/ # buildkit",
                "COPY --chown=1:2 --chmod=640 a.sh /owned # buildkit");
    }

    @Test
    void badChmodNamesTheLine() {
        assertThatThrownBy(() -> h.build("FROM busybox\nCOPY --chmod=u+q Dockerfile /\n"))
                .isInstanceOf(StevedoreException.class)
                .hasMessage("Dockerfile:2: invalid --chmod \"u+q\": expected an octal mode such as 755 or a symbolic one such as u+x,g-w");
    }

    @Test
    void addUnpacksLocalArchivesUnlessToldNot() throws Exception {
        Files.write(h.context.resolve("files.tar.gz"), tarGz("inner/hello.txt", "hi from tar"));
        BuildResult result = h.build("""
                FROM busybox
                ADD files.tar.gz /unpacked/
                ADD --unpack=false files.tar.gz /kept/
                COPY files.tar.gz /copied/
                """);
        Path rootfs = h.unpack("docker.io/test/app:latest");
        assertThat(rootfs.resolve("unpacked/inner/hello.txt")).hasContent("hi from tar");
        assertThat(rootfs.resolve("kept/files.tar.gz")).isRegularFile();
        assertThat(rootfs.resolve("copied/files.tar.gz")).isRegularFile();
        assertThat(h.config(result).history()).extracting(History::createdBy)
                .contains("ADD files.tar.gz /unpacked/ # buildkit");
    }

    @Test
    void addDownloadsUrlsWithLastModifiedAndChecksum() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] body = "downloaded\n".getBytes(StandardCharsets.UTF_8);
        server.createContext("/files/data.txt", ex -> {
            ex.getResponseHeaders().add("Last-Modified", "Wed, 21 Oct 2015 07:28:00 GMT");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/files/data.txt";
            String sha = "sha256:" + java.util.HexFormat.of().formatHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest(body));
            h.build("FROM busybox\nADD " + url + " /dl/\nADD --checksum=" + sha + " " + url + " /named.txt\n");
            Path rootfs = h.unpack("docker.io/test/app:latest");
            Path got = rootfs.resolve("dl/data.txt");
            assertThat(got).hasContent("downloaded");
            assertThat(Integer.toOctalString(mode(got))).isEqualTo("600");
            assertThat(Files.getLastModifiedTime(got)).isEqualTo(FileTime.from(Instant.parse("2015-10-21T07:28:00Z")));
            assertThat(rootfs.resolve("named.txt")).hasContent("downloaded");

            String wrong = "sha256:" + "0".repeat(64);
            assertThatThrownBy(() -> h.build("FROM busybox\nADD --checksum=" + wrong + " " + url + " /x\n"))
                    .isInstanceOf(StevedoreException.class).hasMessageContaining(wrong);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void addClonesGitRepositoriesAtARefAndSubdirectory() throws Exception {
        Path repo = Files.createDirectories(dir.resolve("repo"));
        git(repo, "init", "-q", "-b", "main");
        Files.createDirectories(repo.resolve("sub"));
        Files.writeString(repo.resolve("sub/in-sub.txt"), "sub");
        Files.writeString(repo.resolve("top.txt"), "top");
        git(repo, "add", ".");
        git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "one");
        int port;
        try (var socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Process daemon = new ProcessBuilder("git", "daemon", "--export-all", "--reuseaddr", "--listen=127.0.0.1",
                "--port=" + port, "--base-path=" + dir, dir.toString()).redirectErrorStream(true).start();
        try {
            waitForPort(port);
            h.build("""
                    FROM busybox
                    ADD git://127.0.0.1:%d/repo#main:sub /sub/
                    ADD --keep-git-dir=true git://127.0.0.1:%d/repo /whole/
                    """.formatted(port, port));
        } finally {
            daemon.destroy();
            daemon.waitFor();
        }
        Path rootfs = h.unpack("docker.io/test/app:latest");
        assertThat(rootfs.resolve("sub/in-sub.txt")).hasContent("sub");
        assertThat(rootfs.resolve("sub/top.txt")).doesNotExist();
        assertThat(rootfs.resolve("whole/top.txt")).hasContent("top");
        assertThat(rootfs.resolve("whole/.git")).isDirectory();
    }

    private static void waitForPort(int port) throws Exception {
        for (int i = 0; i < 100; i++) {
            try (var socket = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (java.io.IOException e) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("git daemon did not listen on " + port);
    }

    private static void git(Path repo, String... args) throws Exception {
        String[] command = new String[args.length + 3];
        command[0] = "git";
        command[1] = "-C";
        command[2] = repo.toString();
        System.arraycopy(args, 0, command, 3, args.length);
        BuildHarness.run(command);
    }

    static int mode(Path p) throws Exception {
        return (int) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }

    static byte[] tarGz(String name, String content) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            byte[] data = content.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry e = new TarArchiveEntry(name);
            e.setSize(data.length);
            e.setMode(0644);
            tar.putArchiveEntry(e);
            tar.write(data);
            tar.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }

    static List<String> lines(String s) {
        return s.lines().toList();
    }
}
