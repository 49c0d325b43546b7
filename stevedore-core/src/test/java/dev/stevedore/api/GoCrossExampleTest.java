package dev.stevedore.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.api.run.ImageRunner;
import dev.stevedore.api.run.RunRequest;
import dev.stevedore.oci.ImageIndex;
import dev.stevedore.oci.Platform;
import dev.stevedore.oci.json.OciJson;
import dev.stevedore.output.OutputTarget;
import dev.stevedore.runtime.OutputListener;
import dev.stevedore.store.Store;
import dev.stevedore.testing.GolangImage;
import dev.stevedore.testing.MultiPlatformBusybox;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cross-compiling Go example (examples/go-cross, unmodified) built for linux/amd64 and
 * linux/arm64 (root, real runc): the builder runs on the build platform and cross-compiles, so
 * the arm64 binary is an aarch64 ELF built without emulation, and it runs under emulation.
 * Its bases are the tests' stand-ins, tagged in the store under the names the Dockerfile uses:
 * {@code golang:1.20} (busybox and Debian's Go toolchain, this host's platform only) and
 * {@code alpine:latest} (busybox-static of amd64 and arm64, one index).
 */
class GoCrossExampleTest {

    private static final Path EXAMPLE = Path.of("..", "examples", "go-cross");
    /** ELF {@code e_machine} values. */
    private static final int EM_X86_64 = 0x3e;
    private static final int EM_AARCH64 = 0xb7;

    @TempDir
    Path dir;

    @Test
    void buildsAnIndexWhoseArm64BinaryIsCrossCompiledAndRunsUnderEmulation() throws Exception {
        MultiPlatformBusybox.assumeEmulation();
        GolangImage.assumeToolchain();
        Path root = dir.resolve("store");
        Store store = Store.open(root);
        GolangImage.create(store, dir.resolve("golang"), "docker.io/library/golang:1.20");
        MultiPlatformBusybox.create(store, dir.resolve("alpine"), "docker.io/library/alpine:latest");

        Path out = dir.resolve("out");
        BuildResult result = new ImageBuilder().build(BuildRequest.builder(EXAMPLE.toAbsolutePath().normalize())
                .storeRoot(root).platform("linux/amd64,linux/arm64").tags(List.of("stevedore-examples/go-cross"))
                .distribution(Distribution.defaults().withOutputs(List.of(new OutputTarget.LocalDirectory(out))))
                .build(), e -> { });

        ImageIndex index = OciJson.readIndex(store.blobs().read(result.manifestDigest()), "index").value();
        assertThat(index.images()).extracting(d -> d.platform().orElseThrow().toString())
                .containsExactly("linux/amd64", "linux/arm64");
        assertThat(elfMachine(out.resolve("linux_amd64/root/myapp"))).isEqualTo(EM_X86_64);
        assertThat(elfMachine(out.resolve("linux_arm64/root/myapp"))).as("cross-compiled for arm64")
                .isEqualTo(EM_AARCH64);
        // golang:1.20 is in the store for this host's platform only (Docker Hub is out of reach): the arm64 image's
        // builder stage found it because FROM --platform=$BUILDPLATFORM is honoured, so go build ran natively

        ImageRunner runner = ImageRunner.open(Optional.of(store.root().toString()));
        for (Platform p : List.of(MultiPlatformBusybox.AMD64, MultiPlatformBusybox.ARM64)) {
            List<String> lines = Collections.synchronizedList(new ArrayList<>());
            int code = runner.run(RunRequest.of("stevedore-examples/go-cross"), Optional.of(p),
                    (stream, line) -> lines.add(line));
            assertThat(code).as(p + ": " + lines).isZero();
            assertThat(lines).as(p + " (arm64 under emulation)")
                    .containsExactly("Hello from Go, built by Stevedore in a multi-stage build!");
        }
    }

    /** The ELF header's {@code e_machine} (little-endian, at offset 18). */
    private static int elfMachine(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] header = in.readNBytes(20);
            assertThat(java.util.Arrays.copyOf(header, 4)).containsExactly(0x7f, 'E', 'L', 'F');
            return (header[18] & 0xff) | (header[19] & 0xff) << 8;
        }
    }
}
