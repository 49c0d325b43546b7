package dev.stevedore.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.snapshot.SnapshotterKind;
import dev.stevedore.testing.BusyboxImage;
import dev.stevedore.testing.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One multi-stage Dockerfile built from scratch with each snapshotter forced (a fresh store each,
 * so every layer is extracted and every step run by that snapshotter) gives one image id under
 * {@code SOURCE_DATE_EPOCH}: the snapshotter is the machine's business, never the image's.
 */
class SnapshotterImageIdTest {

    private static final String DOCKERFILE = """
            FROM busybox AS build
            RUN mkdir -p /out && echo built > /out/artifact && chown 1000:2000 /out/artifact && ln -s artifact /out/link
            FROM busybox
            COPY f /etc/f
            COPY --from=build /out/ /srv/
            RUN rm /data/file && echo changed >> /etc/f && mkdir -p /var/data && chmod 1777 /var/data \\
                && ln /srv/artifact /srv/hard && touch /var/data/x
            USER app
            RUN ls / > /tmp/listing && id -u > /tmp/uid
            """;

    @TempDir
    Path dir;

    @Test
    void eachSnapshotterBuildsTheSameImage() throws Exception {
        Prerequisites.root();
        Prerequisites.tool("fuse-overlayfs");
        Map<SnapshotterKind, String> ids = new HashMap<>();
        dev.stevedore.store.Store first = null;
        for (SnapshotterKind kind : SnapshotterKind.values()) {
            BuildHarness h = new BuildHarness(Files.createDirectories(dir.resolve(kind.label())));
            if (first == null) {
                first = h.store;
            } else {
                BusyboxImage.copy(first, h.store); // one base image, as on two machines pulling it
            }
            h.file("f", "from the context\n");
            h.file("Dockerfile", DOCKERFILE);
            Map<String, String> env = new HashMap<>(System.getenv());
            env.put(SnapshotterKind.ENV, kind.label());
            BuildResult result = new ImageBuilder(env).build(BuildRequest.builder(h.context).storeRoot(h.root)
                    .tags(java.util.List.of("test/app:latest"))
                    .buildArgs(Map.of("SOURCE_DATE_EPOCH", "1700000000")).build(), e -> { });
            ids.put(kind, result.imageId().toString());
            Path rootfs = h.unpack("docker.io/test/app:latest");
            assertThat(rootfs.resolve("data/file")).doesNotExist();
            assertThat(rootfs.resolve("etc/f")).hasContent("from the context\nchanged");
            assertThat(rootfs.resolve("tmp/uid")).hasContent("1000");
            assertThat(Files.getAttribute(rootfs.resolve("srv/hard"), "unix:nlink")).isEqualTo(2);
        }
        assertThat(ids.get(SnapshotterKind.FUSE_OVERLAYFS)).isEqualTo(ids.get(SnapshotterKind.OVERLAYFS));
        assertThat(ids.get(SnapshotterKind.NATIVE)).isEqualTo(ids.get(SnapshotterKind.OVERLAYFS));
    }
}
