package dev.stevedore.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.diag.UnavailableException;
import dev.stevedore.testing.BusyboxImage;
import dev.stevedore.testing.StoreScan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store on a small tmpfs fills while a RUN's layer is written: the build fails saying so, the
 * store is as it was (fsck clean, no bad or half-written blob, no mount, no tag), and once the
 * tmpfs is made larger the same build succeeds. Needs root (mount) and runc.
 */
@Timeout(300)
class DiskFullTest {

    /** Random bytes: they do not compress, so the layer needs as much room again as the RUN wrote. */
    private static final String DOCKERFILE = "FROM busybox\nRUN head -c 12000000 /dev/urandom > /big\n";

    @TempDir
    Path dir;

    private Path root;

    @AfterEach
    void unmount() throws Exception {
        if (root != null) {
            for (String m : StoreScan.mounts(root, true).reversed()) {
                BuildHarness.run("umount", "-l", m);
            }
            BuildHarness.run("umount", "-l", root.toString());
        }
    }

    @Test
    void theBuildFailsSayingTheDiskIsFullAndTheStoreStaysSound() throws Exception {
        BusyboxImage.assumeRunnable();
        root = Files.createDirectories(dir.resolve("store"));
        BuildHarness.run("mount", "-t", "tmpfs", "-o", "size=20m,mode=0700", "tmpfs", root.toString());
        BuildHarness h = new BuildHarness(dir);
        List<String> blobsBefore = h.store.blobs().list().stream().map(Object::toString).sorted().toList();

        assertThatThrownBy(() -> h.build(DOCKERFILE))
                .isInstanceOf(UnavailableException.class)
                .hasMessageContaining("no space left on device while writing layer of RUN head -c 12000000 /dev/urandom"
                        + " > /big into store " + root);

        assertThat(h.store.fsck(false).problems()).isEmpty();
        assertThat(StoreScan.badBlobs(root)).isEmpty();
        assertThat(h.store.blobs().list().stream().map(Object::toString).sorted().toList()).isEqualTo(blobsBefore);
        assertThat(h.store.tags().list()).hasSize(1);  // busybox only
        assertThat(StoreScan.mounts(root, true)).isEmpty();
        assertThat(StoreScan.allContainers(root)).isEmpty();
        assertThat(files(h.store.snapshotsDirectory().resolve("active"))).isEmpty();

        BuildHarness.run("mount", "-o", "remount,size=80m", root.toString());
        BuildResult result = h.build(DOCKERFILE);

        assertThat(h.store.tags().list()).hasSize(2);
        assertThat(h.config(result).rootfs().diffIds()).hasSize(2);
        assertThat(h.store.fsck(false).problems()).isEmpty();
    }

    private static List<Path> files(Path d) throws IOException {
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(d)) {
            return s.toList();
        }
    }
}
