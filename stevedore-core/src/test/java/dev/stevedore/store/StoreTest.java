package dev.stevedore.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.oci.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Creating and opening a store, and {@link Store#du}. */
class StoreTest {

    @TempDir
    Path dir;

    @Test
    void createsTheLayout() throws IOException {
        Path root = dir.resolve("a/b");
        Store store = Store.open(root);

        assertThat(store.root()).isEqualTo(root);
        assertThat(store.ociLayout()).isEqualTo(root.resolve("oci"));
        assertThat(root.resolve("oci/oci-layout")).hasContent("{\"imageLayoutVersion\":\"1.0.0\"}");
        assertThat(new ObjectMapper().readTree(root.resolve("oci/index.json").toFile()))
                .isEqualTo(new ObjectMapper().readTree("""
                        {"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[]}"""));
        for (String sub : new String[] {"oci/blobs/sha256", "snapshots", "cache", "leases", "tmp"}) {
            assertThat(root.resolve(sub)).isDirectory();
        }
        assertThat(store.snapshotsDirectory()).isEqualTo(root.resolve("snapshots"));
        assertThat(store.tmpDirectory()).isEqualTo(root.resolve("tmp"));
        try (var files = Files.list(root.resolve("tmp"))) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void reopeningKeepsContent() {
        Store store = Store.open(dir);
        Blob blob = store.blobs().put(new byte[] {1, 2, 3});
        store.tags().tag("example.com/a:1", new dev.stevedore.oci.Descriptor("x/y", blob.digest(), 3));

        Store again = Store.open(dir);
        assertThat(again.tags().resolve("example.com/a:1").digest()).isEqualTo(blob.digest());
    }

    @Test
    void rootThatIsAFileIsAnError() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "x");
        assertThatThrownBy(() -> Store.open(file))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("store root " + file + " is not a directory");
    }

    @Test
    void anotherLayoutVersionIsAnError() throws IOException {
        Files.createDirectories(dir.resolve("oci"));
        Files.writeString(dir.resolve("oci/oci-layout"), "{\"imageLayoutVersion\":\"2.0.0\"}");
        assertThatThrownBy(() -> Store.open(dir))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("store " + dir + " has an OCI layout of version \"2.0.0\" in "
                        + dir.resolve("oci/oci-layout") + "; only 1.0.0 is supported");
    }

    @Test
    void layoutFileThatIsNotJsonIsAnError() throws IOException {
        Files.createDirectories(dir.resolve("oci"));
        Files.writeString(dir.resolve("oci/oci-layout"), "garbage");
        assertThatThrownBy(() -> Store.open(dir))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("store " + dir + " has a broken " + dir.resolve("oci/oci-layout") + ": it is not JSON");
    }

    @Test
    void unwritableRootIsAnError() throws IOException {
        Path locked = Files.createDirectory(dir.resolve("locked"));
        locked.toFile().setWritable(false);
        try {
            // root writes anywhere: the store is opened as permissions see an ordinary user
            assertThatThrownBy(() -> dev.stevedore.testing.WithoutDacOverride.call(() -> Store.open(locked.resolve("store"))))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("cannot create store at " + locked.resolve("store") + ": permission denied");
        } finally {
            locked.toFile().setWritable(true);
        }
    }

    @Test
    void duCountsBlobsSnapshotsAndCache() throws IOException {
        Store store = Store.open(dir);
        DiskUsage empty = store.du();
        assertThat(empty.snapshots()).isZero();
        assertThat(empty.cache()).isZero();

        store.blobs().put(new byte[100]);
        Files.createDirectories(dir.resolve("snapshots/1/fs"));
        Files.write(dir.resolve("snapshots/1/fs/f"), new byte[40]);
        store.cache().putRecord(Digest.sha256(new byte[0]), "{}".getBytes(StandardCharsets.UTF_8));

        DiskUsage du = store.du();
        assertThat(du.cacheBlobs()).isZero(); // the record holds no blob
        assertThat(du.blobs()).isEqualTo(empty.blobs() + 100);
        assertThat(du.snapshots()).isEqualTo(40);
        assertThat(du.cache()).isEqualTo(2); // the record; its empty .refs file adds nothing
        assertThat(du.total()).isEqualTo(du.blobs() + 40 + 2);
    }
}
