package dev.stevedore.api.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.diag.NotFoundException;
import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.ImageManifest;
import dev.stevedore.oci.json.OciJson;
import dev.stevedore.api.NetworkMode;
import dev.stevedore.runtime.Sandbox;
import dev.stevedore.runtime.OutputListener;
import dev.stevedore.runtime.RuncRuntime;
import dev.stevedore.runtime.RuntimeLocator;
import dev.stevedore.snapshot.Snapshotter;
import dev.stevedore.store.Store;
import dev.stevedore.testing.BusyboxImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stevedore run} in the library, with runc; skipped unless root with runc and busybox. */
class ImageRunnerTest {

    @TempDir
    Path dir;

    private Store store;
    private ImageRunner runner;
    private Descriptor image;
    private final List<String> out = Collections.synchronizedList(new ArrayList<>());
    private final List<String> err = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void setUp() throws Exception {
        BusyboxImage.assumeRunnable();
        store = Store.open(dir.resolve("store"));
        image = BusyboxImage.write(store, dir.resolve("image"), "docker.io/library/busybox:latest",
                c -> c.withEnv(List.of("PATH=/bin", "GREETING=hi")).withCmd(List.of("sh", "-c", "echo $GREETING")));
        runner = new ImageRunner(store, Snapshotter.open(store),
                new RuncRuntime(RuntimeLocator.locate(Optional.of("runc")), store.tmpDirectory()));
    }

    @AfterEach
    void nothingLeft() throws Exception {
        if (store != null) {
            assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(store.root().toString());
            try (var active = Files.list(store.snapshotsDirectory().resolve("active"))) {
                assertThat(active).as("the container's overlay is gone").isEmpty();
            }
        }
    }

    private int run(RunRequest request) throws Exception {
        return runner.run(request, (s, line) -> (s == OutputListener.Stream.STDOUT ? out : err).add(line));
    }

    @Test
    void runsTheImagesCmdWithItsEnv() throws Exception {
        assertThat(run(RunRequest.of("busybox"))).isZero();
        assertThat(out).containsExactly("hi");
    }

    @Test
    void commandReplacesCmdAndItsExitCodeIsReturned() throws Exception {
        assertThat(run(RunRequest.of("busybox", "echo", "hello"))).isZero();
        assertThat(out).containsExactly("hello");
        assertThat(run(RunRequest.of("busybox", "sh", "-c", "echo oops >&2; exit 7"))).isEqualTo(7);
        assertThat(err).containsExactly("oops");
    }

    @Test
    void writesAreThrownAwayAfterTheRun() throws Exception {
        assertThat(run(RunRequest.of("busybox", "sh", "-c", "echo x > /data/file && rm -r /existing"))).isZero();
        assertThat(run(RunRequest.of("busybox", "sh", "-c", "cat /data/file; ls -d /existing"))).isZero();
        assertThat(out).containsExactly("lower", "/existing");
    }

    @Test
    void optionsTakeEffect() throws Exception {
        Path host = Files.createDirectories(dir.resolve("host"));
        Files.writeString(host.resolve("in"), "from host\n");
        RunRequest request = new RunRequest("busybox", List.of("-c",
                "id -u; pwd; echo $GREETING $EXTRA; cat /v/in; echo x > /v/out; cat; ip -o link | wc -l"),
                Optional.of("/bin/sh"), List.of("GREETING=hello", "EXTRA=more"), Optional.of("app"),
                Optional.of("/tmp"), NetworkMode.NONE, List.of(new Volume(host, "/v", true)), "stdin text\n".getBytes(), Sandbox.DEFAULT, Optional.empty(), Optional.empty());
        assertThat(run(request)).as(String.join("\n", err)).isEqualTo(0);
        assertThat(out).containsExactly("1000", "/tmp", "hello more", "from host", "stdin text", "1");
        assertThat(err).anyMatch(l -> l.contains("Read-only file system"));
    }

    @Test
    void imagesAreFoundByIdPrefix() throws Exception {
        ImageManifest manifest = OciJson.readImageManifest(store.blobs().read(image.digest()), "x").value();
        String id = manifest.config().digest().hex();
        assertThat(run(RunRequest.of(id.substring(0, 12), "echo", "by id"))).isZero();
        assertThat(run(RunRequest.of("sha256:" + id, "echo", "by full id"))).isZero();
        assertThat(out).containsExactly("by id", "by full id");
    }

    @Test
    void unknownImage() {
        assertThatThrownBy(() -> run(RunRequest.of("nosuch:1.0"))).isInstanceOf(NotFoundException.class)
                .hasMessage("No such image: nosuch:1.0");
        assertThatThrownBy(() -> run(RunRequest.of("abcdef"))).isInstanceOf(NotFoundException.class)
                .hasMessage("No such image: abcdef");
    }
}
