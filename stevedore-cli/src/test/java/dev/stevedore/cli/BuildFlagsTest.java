package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.stevedore.store.Store;
import dev.stevedore.testing.BusyboxImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stevedore build}'s docker flags, each by its effect on a real build (busybox under runc),
 * and the error view of a failed build. Needs root, runc and busybox-static.
 */
class BuildFlagsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path store;
    private Path context;

    @BeforeEach
    void setUp() throws IOException {
        BusyboxImage.assumeRunnable();
        store = dir.resolve("store");
        BusyboxImage.create(Store.open(store), dir.resolve("image"), BusyboxImage.NAME);
        context = Files.createDirectories(dir.resolve("ctx"));
    }

    /** The last build's image, exported with {@code -o type=local}. */
    private Path exported;

    private CliRun build(String dockerfile, String... flags) throws IOException {
        Files.writeString(context.resolve("Dockerfile"), dockerfile, StandardCharsets.UTF_8);
        exported = dir.resolve("out-" + System.nanoTime());
        List<String> args = new ArrayList<>(List.of("build", "--root", store.toString(), "-o",
                "type=local,dest=" + exported));
        args.addAll(List.of(flags));
        args.add(context.toString());
        return CliRun.run("", args.toArray(String[]::new));
    }

    private String fileOf(String path) throws IOException {
        return Files.readString(exported.resolve(path.substring(1)), StandardCharsets.UTF_8);
    }

    private JsonNode config(String image) throws IOException {
        CliRun inspect = CliRun.run("", "inspect", "--root", store.toString(), image);
        assertThat(inspect.code()).as(inspect.err()).isZero();
        return JSON.readTree(inspect.out()).get(0);
    }

    @Test
    void aFailingRunShowsTheStepItsOutputAndTheDockerfileLines() throws IOException {
        String dockerfile = """
                FROM busybox
                RUN echo building
                RUN i=0; while [ $i -lt 25 ]; do i=$((i+1)); echo line $i; done; exit 3
                COPY Dockerfile /
                """;
        for (String mode : List.of("plain", "quiet")) {
            CliRun run = build(dockerfile, "--progress=" + mode);
            assertThat(run.code()).isEqualTo(Cli.FAILED);
            assertThat(run.out()).isEmpty();
            StringBuilder tail = new StringBuilder();
            for (int i = 6; i <= 25; i++) {
                tail.append("line ").append(i).append('\n');
            }
            String view = """
                    ------
                     > [3/4] RUN i=0; while [ $i -lt 25 ]; do i=$((i+1)); echo line $i; done; exit 3:
                    %s------
                    Dockerfile:3
                    --------------------
                       1 |     FROM busybox
                       2 |     RUN echo building
                       3 | >>> RUN i=0; while [ $i -lt 25 ]; do i=$((i+1)); echo line $i; done; exit 3
                       4 |     COPY Dockerfile /
                       5 |    \s
                    --------------------
                    ERROR: failed to build: Dockerfile:3: process "/bin/sh -c i=0; while [ $i -lt 25 ]; do \
                    i=$((i+1)); echo line $i; done; exit 3" did not complete successfully: exit code: 3
                    """.formatted(tail);
            if (mode.equals("quiet")) {
                assertThat(run.err()).isEqualTo(view);
            } else {
                assertThat(run.err()).endsWith(view).contains("#5 ERROR: ").doesNotContain("Exception");
            }
        }
    }

    @Test
    void aMisspelledStagePointsAtItsLine() throws IOException {
        Files.createDirectories(context.resolve("sub"));
        Path file = context.resolve("sub/Dockerfile.app");
        Files.writeString(file, """
                FROM busybox AS builder
                RUN echo x > /x

                FROM busybox
                COPY --from=buidler /x /x
                """);
        CliRun run = CliRun.run("", "build", "--root", store.toString(), "-f", file.toString(), "-q",
                context.toString());
        assertThat(run.code()).isEqualTo(Cli.FAILED);
        assertThat(run.err()).startsWith("""
                sub/Dockerfile.app:5
                --------------------
                   3 |    \s
                   4 |     FROM busybox
                   5 | >>> COPY --from=buidler /x /x
                   6 |    \s
                --------------------
                ERROR: failed to build: sub/Dockerfile.app:5: """).contains("\"buidler\"").contains("builder");
    }

    @Test
    void labelsLandInTheImageConfigOverTheDockerfiles() throws IOException {
        CliRun run = build("FROM busybox\nLABEL a=dockerfile b=kept\n", "-t", "labelled:1", "--label", "a=flag",
                "--label", "org.example.empty");
        assertThat(run.code()).as(run.err()).isZero();
        JsonNode labels = config("labelled:1").at("/Config/Labels");
        assertThat(labels.path("a").asText()).isEqualTo("flag");
        assertThat(labels.path("b").asText()).isEqualTo("kept");
        assertThat(labels.has("org.example.empty")).isTrue();
        assertThat(labels.path("org.example.empty").asText()).isEmpty();
    }

    @Test
    void networkNoneLeavesRunWithLoopbackOnly() throws IOException {
        String dockerfile = "FROM busybox\nRUN ip -o link | sed 's/^[0-9]*: \\([^:@]*\\).*/\\1/' > /links\n";
        assertThat(build(dockerfile, "--network", "none").code()).isZero();
        assertThat(fileOf("/links")).isEqualTo("lo\n");
        CliRun bad = build(dockerfile, "--network", "bridge");
        assertThat(bad.code()).isEqualTo(Cli.USAGE);
        assertThat(bad.err()).contains("invalid --network \"bridge\": want default, host or none");
    }

    @Test
    void addHostShmSizeAndUlimitShapeTheRunContainer() throws IOException {
        String dockerfile = """
                FROM busybox
                RUN cat /etc/hosts > /hosts && grep ' /dev/shm ' /proc/mounts > /shm \
                    && echo "$(ulimit -Sn) $(ulimit -Hn)" > /nofile
                """;
        CliRun run = build(dockerfile, "--add-host", "db.local:10.1.2.3", "--add-host", "v6.local=[fd00::1]",
                "--shm-size", "16m", "--ulimit", "nofile=512:900");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(fileOf("/hosts")).contains("10.1.2.3\tdb.local\n").contains("fd00::1\tv6.local\n");
        assertThat(fileOf("/shm")).contains("size=16384k");
        assertThat(fileOf("/nofile")).isEqualTo("512 900\n");
        assertThat(build(dockerfile, "--ulimit", "nofiles=1").err())
                .contains("invalid --ulimit: unknown limit \"nofiles\"");
        assertThat(build(dockerfile, "--add-host", "db:host-gateway").err()).contains("host-gateway");
        assertThat(build(dockerfile, "--shm-size", "lots").code()).isEqualTo(Cli.USAGE);
    }

    @Test
    void metadataFileHasBuildxKeys() throws IOException {
        Path metadata = dir.resolve("metadata.json");
        Path iid = dir.resolve("iid");
        CliRun run = build("FROM busybox\nRUN echo > /m\n", "-t", "meta:1", "-t", "meta:2", "--metadata-file",
                metadata.toString(), "--iidfile", iid.toString());
        assertThat(run.code()).as(run.err()).isZero();
        JsonNode json = JSON.readTree(metadata.toFile());
        assertThat(json.path("containerimage.config.digest").asText()).isEqualTo(run.out().strip())
                .isEqualTo(Files.readString(iid));
        assertThat(json.path("containerimage.digest").asText()).startsWith("sha256:");
        assertThat(json.at("/containerimage.descriptor/digest").asText())
                .isEqualTo(json.path("containerimage.digest").asText());
        assertThat(json.at("/containerimage.descriptor/mediaType").asText())
                .isEqualTo("application/vnd.oci.image.manifest.v1+json");
        assertThat(json.at("/containerimage.descriptor/size").asLong()).isPositive();
        assertThat(json.path("image.name").asText()).isEqualTo("docker.io/library/meta:1,docker.io/library/meta:2");
    }

    @Test
    void explainCacheSaysWhyAStepMissedInPlainProgress() throws IOException {
        Files.writeString(context.resolve("f"), "one");
        String dockerfile = "FROM busybox\nCOPY f /f\n";
        assertThat(build(dockerfile).code()).isZero();
        Files.writeString(context.resolve("f"), "two");
        CliRun run = build(dockerfile, "--explain-cache", "--progress", "plain");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.err()).containsPattern("#\\d+ cache miss: the content of its sources changed \\(sha256:");
    }

    @Test
    void aDirectoryCacheWrittenByOneStoreServesAnother() throws IOException {
        Path cache = dir.resolve("shared-cache");
        Files.writeString(context.resolve("f"), "one");
        String dockerfile = "FROM busybox\nCOPY f /f\nRUN cat /f > /g\n";
        assertThat(build(dockerfile, "--cache-to", "type=local,dest=" + cache).code()).isZero();
        Path other = dir.resolve("other-store");
        BusyboxImage.copy(Store.open(store), Store.open(other));
        CliRun run = CliRun.run("", "build", "--root", other.toString(), "--progress", "plain",
                "--cache-from", "type=local,src=" + cache, context.toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.err().lines().filter(l -> l.endsWith(" CACHED"))).hasSize(2);
    }

    @Test
    void badFlagsFailBeforeBuilding() {
        // the context does not exist: the flag is refused before anything looks at it
        String missing = dir.resolve("nothing-here").toString();
        CliRun cacheTo = CliRun.run("", "build", "--cache-to", "type=registry,ref=x/y,mode=most", missing);
        assertThat(cacheTo.code()).isEqualTo(Cli.FAILED);
        assertThat(cacheTo.err()).isEqualTo(
                "ERROR: --cache-to \"type=registry,ref=x/y,mode=most\": mode must be min or max, not \"most\"\n");
        CliRun zstdLevel = CliRun.run("", "build", "--cache-to", "type=local,dest=x,compression=zstd,compression-level=30",
                missing);
        assertThat(zstdLevel.err()).isEqualTo("ERROR: --cache-to \"type=local,dest=x,compression=zstd,compression-level=30\":"
                + " compression-level \"30\" is out of range (0 to 22 for zstd)\n");
        CliRun brotli = CliRun.run("", "build", "-o", "type=registry,compression=brotli", missing);
        assertThat(brotli.err()).isEqualTo("ERROR: invalid --output \"type=registry,compression=brotli\": unknown"
                + " compression \"brotli\" (known: uncompressed, gzip, zstd)\n");
        CliRun both = CliRun.run("", "pull", "--all-platforms", "--platform", "linux/arm64", "busybox");
        assertThat(both.code()).isEqualTo(Cli.FAILED);
        assertThat(both.err()).isEqualTo("ERROR: pull: --platform and --all-platforms cannot be used together\n");
        CliRun cacheFrom = CliRun.run("", "build", "--cache-from", "type=gha", missing);
        assertThat(cacheFrom.err()).isEqualTo(
                "ERROR: --cache-from \"type=gha\": type \"gha\" is not supported (supported: registry, local)\n");
        CliRun bogus = CliRun.run("", "build", "--progress=fancy", missing);
        assertThat(bogus.code()).isEqualTo(Cli.USAGE);
        assertThat(bogus.err()).contains("invalid --progress \"fancy\": want one of auto, tty, plain, quiet, rawjson");
    }

    @Test
    void runtimeMayBeAPath() throws IOException {
        Path runc = Path.of("/usr/sbin/runc");
        CliRun run = build("FROM busybox\nRUN true\n", "--runtime", runc.toString());
        assertThat(run.code()).as(run.err()).isZero();
        CliRun wrong = build("FROM busybox\nRUN true\n", "--no-cache", "--runtime", dir.resolve("no-runc").toString());
        assertThat(wrong.code()).isEqualTo(Cli.FAILED);
        assertThat(wrong.err()).contains("runtime " + dir.resolve("no-runc") + " is not an executable file");
    }

    @Test
    void loadPipesADockerArchiveIntoDockerLoad() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path loaded = dir.resolve("loaded.tar");
        Path docker = bin.resolve("docker");
        Files.writeString(docker, "#!/bin/sh\n[ \"$1\" = load ] || exit 9\ncat > " + loaded + "\necho 'Loaded image: loaded:1'\n");
        Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(context.resolve("Dockerfile"), "FROM busybox\nRUN echo hi > /hi\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // its own JVM: the docker found is the one on that process's PATH
        ProcessBuilder pb = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "build", "--root", store.toString(),
                "-q", "--load", "-t", "loaded:1", context.toString()).redirectErrorStream(true);
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        Process build = pb.start();
        String output = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(build.waitFor()).as(output).isZero();
        assertThat(output).contains("Loaded image: loaded:1").contains("sha256:");
        // skopeo, an independent reader, finds in what docker load got the image the build printed
        Process skopeo = new ProcessBuilder("skopeo", "inspect", "--config", "--raw", "docker-archive:" + loaded)
                .start();
        byte[] config = skopeo.getInputStream().readAllBytes();
        assertThat(skopeo.waitFor()).isZero();
        String id = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(config));
        assertThat(output.lines()).contains(id);
        assertThat(JSON.readTree(config).at("/rootfs/diff_ids")).hasSize(2);
    }

    @Test
    void aTarArchiveUrlIsAContext() throws IOException {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(tar)) {
            entry(out, "Dockerfile", "FROM busybox\nCOPY greeting /greeting\n");
            entry(out, "greeting", "from a url\n");
        }
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ctx.tar", exchange -> {
            exchange.sendResponseHeaders(200, tar.size());
            exchange.getResponseBody().write(tar.toByteArray());
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/ctx.tar";
            Path out = dir.resolve("out");
            CliRun run = CliRun.run("", "build", "--root", store.toString(), "-o", "type=local,dest=" + out, url);
            assertThat(run.code()).as(run.err()).isZero();
            assertThat(out.resolve("greeting")).hasContent("from a url");
        } finally {
            server.stop(0);
        }
    }

    private static void entry(TarArchiveOutputStream out, String name, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(bytes.length);
        out.putArchiveEntry(e);
        out.write(bytes);
        out.closeArchiveEntry();
    }
}
