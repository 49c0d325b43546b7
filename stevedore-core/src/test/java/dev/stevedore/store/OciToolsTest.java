package dev.stevedore.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stevedore.testing.Prerequisites;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Independent judges: skopeo and umoci read our OCI layout as it is, addressing an image by its
 * full normalized reference. Skipped when the tool is not on the PATH.
 */
class OciToolsTest {

    private static final String REF = "docker.io/library/hello:1";

    @TempDir
    Path dir;

    private Path root;
    private Store store;
    private TestImage image;

    @BeforeEach
    void writeImage() {
        root = dir.resolve("store");
        store = Store.open(root);
        image = TestImage.write(store.blobs(), "hello.txt", "hello from stevedore\n");
        store.tags().tag(REF, image.manifest());
    }

    @Test
    void skopeoInspectsAndCopiesOurImage() throws Exception {
        Prerequisites.tool("skopeo");
        String source = "oci:" + root.resolve("oci") + ":" + REF;

        Result inspect = run("skopeo", "inspect", "--raw", source);
        assertThat(inspect.exit()).as(inspect.output()).isZero();
        assertThat(inspect.output().getBytes(StandardCharsets.UTF_8))
                .isEqualTo(store.blobs().read(image.manifest().digest()));

        Result config = run("skopeo", "inspect", "--config", source);
        assertThat(config.exit()).as(config.output()).isZero();
        assertThat(new ObjectMapper().readTree(config.output()).path("os").asText()).isEqualTo("linux");

        Path other = dir.resolve("copy");
        Result copy = run("skopeo", "copy", source, "oci:" + other + ":x");
        assertThat(copy.exit()).as(copy.output()).isZero();
        assertThat(other.resolve("blobs/sha256/" + image.layers().getFirst().digest().hex())).exists();
    }

    @Test
    void skopeoCopiesIntoOurLayoutAndWeReadTheTag() throws Exception {
        Prerequisites.tool("skopeo");
        String source = "oci:" + root.resolve("oci") + ":" + REF;

        Result copy = run("skopeo", "copy", source, "oci:" + root.resolve("oci") + ":example.com/copied:2");

        assertThat(copy.exit()).as(copy.output()).isZero();
        assertThat(Store.open(root).tags().resolve("example.com/copied:2").digest())
                .isEqualTo(image.manifest().digest());
        assertThat(store.tags().resolve(REF).digest()).isEqualTo(image.manifest().digest());
        // skopeo writes its blobs with its own modes (0644): fsck names them, --repair makes them private
        assertThat(store.fsck(false).problems()).allMatch(p -> p instanceof FsckProblem.OpenToOthers);
        store.fsck(true);
        assertThat(store.fsck(false).isClean()).isTrue();
    }

    @Test
    void umociUnpacksOurImage() throws Exception {
        Prerequisites.tool("umoci");
        Path bundle = dir.resolve("bundle");

        Result unpack = run("umoci", "unpack", "--rootless", "--image", root.resolve("oci") + ":" + REF,
                bundle.toString());

        assertThat(unpack.exit()).as(unpack.output()).isZero();
        assertThat(bundle.resolve("rootfs/hello.txt")).hasContent("hello from stevedore");
    }

    private record Result(int exit, String output) {}

    private Result run(String... command) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(out.toFile())).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " timed out");
        }
        return new Result(process.exitValue(), Files.readString(out));
    }
}
