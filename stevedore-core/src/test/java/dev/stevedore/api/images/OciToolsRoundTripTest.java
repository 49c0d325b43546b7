package dev.stevedore.api.images;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.oci.ImageReference;
import dev.stevedore.store.Store;
import dev.stevedore.testing.Prerequisites;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "done when": independent tools (skopeo, umoci) read what import and save wrote,
 * and load gives back the same image. Skipped where a tool or root is missing.
 */
class OciToolsRoundTripTest {

    @TempDir
    Path tmp;

    Path source;
    Images images;
    ImportResult imported;

    @BeforeEach
    void importBusybox() throws Exception {
        Prerequisites.tool("busybox");
        Prerequisites.root();
        source = RootfsFixture.busybox(tmp.resolve("src"));
        images = new Images(Store.open(tmp.resolve("store")), Clock.systemUTC());
        imported = images.importImage(new ImportRequest(new ImportRequest.FromPath(source),
                Optional.of(ImageReference.parse("busybox")), List.of("CMD [\"sh\"]"), Optional.empty(),
                Optional.empty(), ""));
    }

    @Test
    void skopeoReadsTheDockerArchiveAndCopiesItToAnOciLayout() throws Exception {
        Prerequisites.tool("skopeo");
        Path archive = save(SaveFormat.DOCKER, "busybox");
        String inspect = run("skopeo", "inspect", "docker-archive:" + archive);
        assertThat(inspect).contains("\"Os\": \"linux\"").contains("\"Layers\"");
        String config = run("skopeo", "inspect", "--config", "docker-archive:" + archive);
        assertThat(config).contains("stevedore import").contains("\"sh\"");
        run("skopeo", "copy", "docker-archive:" + archive, "oci:" + tmp.resolve("layout") + ":x");
        assertThat(tmp.resolve("layout/index.json")).exists();
        String copied = run("skopeo", "inspect", "--raw", "--config", "oci:" + tmp.resolve("layout") + ":x");
        // skopeo may re-encode the config on copy; what it must keep is the layer and the history.
        assertThat(copied).contains(images.resolve("busybox").image().config().value().rootfs().diffIds()
                .getFirst().toString()).contains("stevedore import");
    }

    @Test
    void skopeoReadsTheOciArchive() throws Exception {
        Prerequisites.tool("skopeo");
        Path archive = save(SaveFormat.OCI, "busybox");
        String raw = run("skopeo", "inspect", "--raw", "oci-archive:" + archive);
        assertThat(dev.stevedore.oci.Digest.sha256(raw.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(imported.manifest());
    }

    @Test
    void umociUnpacksTheStoredImageToTheSourceTree() throws Exception {
        Prerequisites.tool("umoci");
        Path bundle = tmp.resolve("bundle");
        run("umoci", "unpack", "--image", images.store().ociLayout() + ":docker.io/library/busybox:latest",
                bundle.toString());
        assertThat(RootfsFixture.describe(bundle.resolve("rootfs"))).isEqualTo(RootfsFixture.describe(source));
    }

    @Test
    void loadingTheDockerArchiveIntoAFreshStoreGivesTheSameImage() throws Exception {
        Path archive = save(SaveFormat.DOCKER, "busybox");
        Images fresh = new Images(Store.open(tmp.resolve("fresh")), Clock.systemUTC());
        LoadResult loaded;
        try (InputStream in = Files.newInputStream(archive)) {
            loaded = fresh.load(in, archive.toString());
        }
        assertThat(loaded.images()).singleElement().satisfies(i -> {
            assertThat(i.id()).isEqualTo(imported.id());
            assertThat(i.tags()).extracting(Object::toString).containsExactly("docker.io/library/busybox:latest");
        });
        assertThat(fresh.resolve("busybox").id()).isEqualTo(imported.id());
        Path unpacked = tmp.resolve("unpacked");
        dev.stevedore.output.FilesystemExporter.unpack(fresh.resolve("busybox").image(), unpacked);
        assertThat(RootfsFixture.describe(unpacked)).isEqualTo(RootfsFixture.describe(source));
    }

    @Test
    void loadingTheOciArchiveKeepsTheManifestDigest() throws Exception {
        Path archive = save(SaveFormat.OCI, "busybox");
        Images fresh = new Images(Store.open(tmp.resolve("fresh")), Clock.systemUTC());
        try (InputStream in = Files.newInputStream(archive)) {
            fresh.load(in, archive.toString());
        }
        assertThat(fresh.resolve("busybox").image().manifest().digest()).isEqualTo(imported.manifest());
        assertThat(fresh.resolve("busybox").id()).isEqualTo(imported.id());
    }

    @Test
    void aTarOfTheTreeImportsToTheSameFiles() throws Exception {
        Prerequisites.tool("tar");
        Path tarball = tmp.resolve("rootfs.tar.gz");
        run("tar", "--numeric-owner", "-czf", tarball.toString(), "-C", source.toString(), ".");
        ImportResult fromTar = images.importImage(new ImportRequest(new ImportRequest.FromPath(tarball),
                Optional.of(ImageReference.parse("fromtar")), List.of(), Optional.empty(), Optional.empty(), ""));
        Path unpacked = tmp.resolve("fromtar");
        dev.stevedore.output.FilesystemExporter.unpack(images.resolve(fromTar.id().toString()).image(), unpacked);
        assertThat(RootfsFixture.describe(unpacked)).isEqualTo(RootfsFixture.describe(source));
    }

    private Path save(SaveFormat format, String... names) throws IOException {
        Path archive = tmp.resolve(format.name().toLowerCase() + ".tar");
        try (OutputStream out = Files.newOutputStream(archive)) {
            images.save(List.of(names), format, out);
        }
        return archive;
    }

    static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        assertThat(code).as(String.join(" ", command) + " failed:\n" + output).isZero();
        return output;
    }
}
