package dev.stevedore.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store is private to its owner: made so when created, repaired when opened, checked by fsck. */
class StorePrivacyTest {

    @TempDir
    Path dir;

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static Path blobPath(Path root, Blob blob) {
        return root.resolve("oci/blobs/sha256").resolve(blob.digest().hex());
    }

    @Test
    void aNewStoreIsPrivateToItsOwner() throws IOException {
        Path root = dir.resolve("store");
        Store store = Store.open(root);
        Path blob = blobPath(root, store.blobs().put("secret".getBytes(StandardCharsets.UTF_8)));

        assertThat(mode(root)).isEqualTo("rwx------");
        for (String top : List.of("oci", "oci/blobs", "oci/blobs/sha256", "snapshots", "cache", "leases", "tmp")) {
            assertThat(mode(root.resolve(top))).as(top).isEqualTo("rwx------");
        }
        assertThat(mode(blob)).isEqualTo("rw-------");
        assertThat(mode(root.resolve("oci/index.json"))).isEqualTo("rw-------");
        assertThat(store.fsck(false).problems()).isEmpty();
    }

    @Test
    void openingAStoreOthersCanEnterMakesItPrivateAndFsckSaysSo() throws IOException {
        Path root = dir.resolve("store");
        Store.open(root);
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(root.resolve("snapshots"), PosixFilePermissions.fromString("rwxr-x--x"));

        Store reopened = Store.open(root);

        assertThat(mode(root)).isEqualTo("rwx------");
        assertThat(mode(root.resolve("snapshots"))).isEqualTo("rwx------");
        FsckReport report = reopened.fsck(false);
        assertThat(report.problems()).extracting(FsckProblem::message).containsExactly(
                root + " was open to other users (rwxr-xr-x); opening the store made it private",
                root.resolve("snapshots") + " was open to other users (rwxr-x--x); opening the store made it private");
    }

    @Test
    void fsckFindsBlobsAndSnapshotDirectoriesOthersCanReadAndRepairMakesThemPrivate() throws IOException {
        Path root = dir.resolve("store");
        Store store = Store.open(root);
        Path blob = blobPath(root, store.blobs().put("id_rsa".getBytes(StandardCharsets.UTF_8)));
        Path snapshot = Files.createDirectories(root.resolve("snapshots/7/fs"));
        Files.setPosixFilePermissions(blob, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(snapshot.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(snapshot, PosixFilePermissions.fromString("rwxr-xr-x"));

        FsckReport found = store.fsck(false);
        assertThat(found.problems()).extracting(FsckProblem::message).containsExactlyInAnyOrder(
                blob + " was open to other users (rw-r--r--)",
                snapshot.getParent() + " was open to other users (rwxr-xr-x)");
        assertThat(mode(blob)).isEqualTo("rw-r--r--");

        store.fsck(true);

        assertThat(mode(blob)).isEqualTo("rw-------");
        assertThat(mode(snapshot.getParent())).isEqualTo("rwx------");
        assertThat(mode(snapshot)).as("the image's root directory keeps its mode").isEqualTo("rwxr-xr-x");
        assertThat(store.fsck(false).problems()).isEmpty();
    }
}
