package dev.stevedore.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.api.images.Images;
import dev.stevedore.exec.LayerRef;
import dev.stevedore.exec.StageResult;
import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.ImageManifest;
import dev.stevedore.oci.json.OciJson;
import dev.stevedore.report.BuildReport;
import dev.stevedore.report.Finding;
import dev.stevedore.report.ImageReport;
import dev.stevedore.report.LayerReport;
import dev.stevedore.report.Saving;
import dev.stevedore.report.StageReport;
import dev.stevedore.testing.LayerFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The multi-stage report of real builds (busybox, runc), its figures checked against sizes
 * computed apart from it: layer tars read with commons-compress, the image unpacked by umoci.
 */
class BuildReportTest {

    @TempDir
    Path dir;

    BuildHarness h;

    @BeforeEach
    void setUp() throws Exception {
        h = new BuildHarness(dir);
    }

    @Test
    void aBigBuilderAndASmallFinalStage() throws Exception {
        String dockerfile = """
                FROM busybox AS builder
                RUN /bin/busybox dd if=/dev/urandom of=/big bs=1024 count=3072 && echo built > /out
                FROM busybox AS runtime
                COPY --from=builder /out /out
                """;
        BuildResult result = h.build(dockerfile);
        BuildReport report = images().report(result);

        assertThat(report.stages()).extracting(s -> s.stage().name(), s -> s.stage().base(), s -> s.stage().target(),
                s -> s.stage().steps(), s -> s.stage().cached())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("builder", "busybox:latest", false, 2, 0),
                        org.assertj.core.groups.Tuple.tuple("runtime", "busybox:latest", true, 2, 0));
        StageReport builder = report.stages().getFirst();
        long builderBytes = fileBytes(blobs(builder.stage()));
        assertThat(builder.size().bytes()).isEqualTo(builderBytes).isGreaterThan(3072 * 1024);
        assertThat(builder.size().compressed()).as("built layers are stored uncompressed: not known until compressed")
                .isEmpty();

        ImageReport image = report.image();
        assertThat(image.id()).isEqualTo(result.imageId());
        long unpacked = regularFileBytes(h.unpack("docker.io/test/app:latest"));
        assertThat(image.size().bytes()).isEqualTo(unpacked)
                .isEqualTo(fileBytes(blobs(report.stages().getLast().stage())));
        assertThat(image.size().compressed()).as("built layers are stored uncompressed: not known until compressed")
                .isEmpty();
        assertThat(image.layers()).extracting(LayerReport::number, LayerReport::createdBy)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "busybox from the host"),
                        org.assertj.core.groups.Tuple.tuple(2, "COPY /out /out # buildkit"));
        assertThat(image.layers().getLast().size().bytes()).isEqualTo("built\n".length());
        assertThat(image.findings()).isEmpty();

        Saving saving = report.saving().orElseThrow();
        assertThat(saving).isEqualTo(new Saving("builder", builderBytes, unpacked));
        assertThat(saving.keptOutPercent()).isEqualTo(100.0 * (builderBytes - unpacked) / builderBytes);

        BuildReport again = images().report(h.build(dockerfile));
        assertThat(again.stages()).extracting(s -> s.stage().cached()).containsExactly(1, 1);
        assertThat(again.stages()).extracting(StageReport::size).isEqualTo(report.stages().stream()
                .map(StageReport::size).toList());
    }

    @Test
    void aSingleStageBuildHasNoSaving() throws Exception {
        BuildReport report = images().report(h.build("FROM busybox\nRUN echo x > /x\n"));
        assertThat(report.stages()).hasSize(1);
        assertThat(report.saving()).isEmpty();
    }

    @Test
    void whatShouldNotBeThere() throws Exception {
        h.file("app/a.bin", "a".repeat(40_000));
        h.file("app/b.txt", "b".repeat(1_000));
        h.file("app/sub/c.txt", "c");
        h.file("id_rsa", "-----BEGIN OPENSSH PRIVATE KEY-----\nb3Bl\n-----END OPENSSH PRIVATE KEY-----\n");
        h.file("npmrc", "//registry.npmjs.org/:_authToken=npm_0123456789\n");
        h.file("npmrc-plain", "registry=https://registry.npmjs.org/\n");
        h.file("gcc", "#!/bin/sh\necho 'gcc (fake) 14.2.0'\n");
        BuildResult result = h.build("""
                FROM busybox
                COPY app/ /app/
                RUN /bin/busybox chown -R 1000:1000 /app
                COPY id_rsa /root/.ssh/id_rsa
                RUN rm /root/.ssh/id_rsa
                COPY npmrc /home/app/.npmrc
                COPY npmrc-plain /srv/.npmrc
                COPY --chmod=755 gcc /usr/local/bin/gcc
                RUN mkdir -p /root/.m2/repository/org/x && echo jar > /root/.m2/repository/org/x/x.jar
                ENV AWS_SECRET_ACCESS_KEY=abc PUBLIC_KEY=xyz
                """);
        ImageReport image = images().report("test/app");
        assertThat(image.id()).isEqualTo(result.imageId());
        assertThat(image.findings()).containsExactly(
                new Finding.Duplicated(3, "RUN /bin/sh -c /bin/busybox chown -R 1000:1000 /app # buildkit", 3, 41_001,
                        List.of("/app/a.bin", "/app/b.txt", "/app/sub/c.txt")),
                new Finding.BuildTool("gcc", Finding.ToolKind.COMPILER, "/usr/local/bin/gcc", 1,
                        Files.size(h.context.resolve("gcc"))),
                new Finding.BuildTool("Maven repository", Finding.ToolKind.CACHE, "/root/.m2/repository", 1, 4),
                new Finding.SecretFile("SSH private key", "/root/.ssh/id_rsa", 4),
                new Finding.SecretFile("npm token", "/home/app/.npmrc", 6),
                new Finding.SecretEnv("AWS_SECRET_ACCESS_KEY"));
        assertThat(image.size().bytes()).isEqualTo(fileBytes(manifest(result).layers()));
    }

    private static List<Descriptor> blobs(StageResult stage) {
        return stage.layers().stream().map(LayerRef::blob).toList();
    }

    private Images images() {
        return new Images(h.store, Clock.systemUTC());
    }

    private ImageManifest manifest(BuildResult result) {
        return OciJson.readImageManifest(h.store.blobs().read(result.manifestDigest()), "manifest").value();
    }

    /** The sizes of the regular files in {@code layers}' tars, read with commons-compress. */
    private long fileBytes(List<Descriptor> layers) throws IOException {
        long total = 0;
        for (Descriptor layer : layers) {
            total += LayerFiles.regularFileBytes(h.store, layer.digest());
        }
        return total;
    }

    /** The sizes of the regular files of an unpacked root filesystem. */
    private static long regularFileBytes(Path rootfs) throws IOException {
        try (Stream<Path> files = Files.walk(rootfs)) {
            return files.filter(Files::isRegularFile).filter(p -> !Files.isSymbolicLink(p)).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).sum();
        }
    }
}
