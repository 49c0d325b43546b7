package dev.stevedore.exec.mounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.oci.ImageManifest;
import dev.stevedore.oci.json.OciJson;
import dev.stevedore.runtime.OutputListener;
import dev.stevedore.runtime.ProcessSpec;
import dev.stevedore.runtime.RuncRuntime;
import dev.stevedore.runtime.RuntimeLocator;
import dev.stevedore.snapshot.Active;
import dev.stevedore.snapshot.Snapshot;
import dev.stevedore.snapshot.Snapshotter;
import dev.stevedore.store.Store;
import dev.stevedore.testing.BusyboxImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * A store holding the busybox image, its snapshot, and runc: runs a RUN step with mounts as the
 * engine will (overlay over the image, mounts prepared, process run, mounts closed) and reports
 * what the step's upper dir holds, i.e. what its layer would.
 */
final class ContainerFixture {

    final Path dir;
    final Store store;
    final Snapshotter snapshotter;
    final RuncRuntime runtime;
    final Snapshot base;

    /** What a step did: its exit code, output lines, and the paths of its upper dir. */
    record Step(int exit, List<String> out, List<String> err, List<String> upper) {
        String stdout() {
            return String.join("\n", out);
        }
    }

    ContainerFixture(Path dir) throws IOException {
        this.dir = dir;
        store = Store.open(dir.resolve("store"));
        snapshotter = Snapshotter.open(store);
        runtime = new RuncRuntime(RuntimeLocator.locate(Optional.of("runc")), store.tmpDirectory());
        var desc = BusyboxImage.write(store, dir.resolve("image"), "busybox", UnaryOperator.identity());
        ImageManifest manifest = OciJson.readImageManifest(store.blobs().read(desc.digest()), "busybox").value();
        var config = OciJson.readConfig(store.blobs().read(manifest.config().digest()), "busybox").value();
        base = snapshotter.ensure(manifest.layers().getFirst(), config.rootfs().diffIds().getFirst());
    }

    MountInputs inputs(List<SecretSource> secrets, List<SshSource> ssh, MountSources sources) {
        return MountInputs.of(MountInputs.cacheMountsOf(store.root()), store.tmpDirectory().resolve("mounts"),
                secrets, ssh, sources, System.getenv(), dev.stevedore.exec.SharedCacheMounts.none());
    }

    Step run(List<dev.stevedore.dockerfile.Mount> mounts, MountInputs inputs, String user, String script)
            throws IOException, InterruptedException {
        List<String> out = Collections.synchronizedList(new ArrayList<>());
        List<String> err = Collections.synchronizedList(new ArrayList<>());
        try (Active step = snapshotter.prepare(List.of(base))) {
            int code;
            try (PreparedMounts prepared = RunMounts.prepare(mounts, inputs)) {
                ProcessSpec spec = ProcessSpec.of("/bin/sh", "-c", script).withEnv(prepared.env())
                        .withMounts(prepared.runMounts()).withUser(user);
                code = runtime.run(step.merged(), spec,
                        (stream, line) -> (stream == OutputListener.Stream.STDOUT ? out : err).add(line));
            }
            step.unmount();
            return new Step(code, List.copyOf(out), List.copyOf(err), changes(step.upper(), base.directory()));
        }
    }

    /** Nothing of a step's mounts is left: no mount under the store, no scratch dir. */
    void assertClean() throws IOException {
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(store.root().toString());
        Path scratch = store.tmpDirectory().resolve("mounts");
        if (Files.isDirectory(scratch)) {
            assertThat(tree(scratch)).isEmpty();
        }
    }

    static List<String> tree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> !p.equals(root)).map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }

    /**
     * What the step's layer would hold: the upper dir's entries but directories that were only
     * copied up (same mode, owner and mtime as in the lower), as the engine's diff treats them.
     */
    static List<String> changes(Path upper, Path lower) throws IOException {
        List<String> changed = new ArrayList<>();
        for (String name : tree(upper)) {
            Path up = upper.resolve(name);
            Path low = lower.resolve(name);
            if (!(Files.isDirectory(up, LinkOption.NOFOLLOW_LINKS) && Files.isDirectory(low, LinkOption.NOFOLLOW_LINKS)
                    && Files.readAttributes(up, "unix:mode,uid,gid,lastModifiedTime", LinkOption.NOFOLLOW_LINKS)
                    .equals(Files.readAttributes(low, "unix:mode,uid,gid,lastModifiedTime", LinkOption.NOFOLLOW_LINKS)))) {
                changed.add(name);
            }
        }
        return changed;
    }
}
