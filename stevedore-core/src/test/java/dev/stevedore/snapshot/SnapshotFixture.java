package dev.stevedore.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.snapshot.TestLayers.StoredLayer;
import dev.stevedore.store.Store;
import dev.stevedore.testing.Prerequisites;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A store and its snapshotter in a temp dir, for tests with real overlay mounts (root only). */
abstract class SnapshotFixture {

    static final Instant NOW = Instant.parse("2025-01-02T03:04:05Z");

    @TempDir
    Path dir;

    Store store;
    Snapshotter snapshotter;

    @BeforeEach
    void open() {
        Prerequisites.root();
        store = Store.open(storeRoot());
        snapshotter = Snapshotter.open(store, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void noMountLeftBehind() {
        if (store != null) {
            assertThat(MountTable.mountPoints()).noneMatch(m -> m.startsWith(store.root().toString()));
        }
    }

    Path snapshots() {
        return store.snapshotsDirectory();
    }

    /** The short-id directories under snapshots/. */
    List<String> snapshotDirs() throws IOException {
        try (Stream<Path> s = Files.list(snapshots())) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
                    .sorted().toList();
        }
    }

    List<String> entries(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    Snapshot ensure(StoredLayer layer) {
        return snapshotter.ensure(layer.blob(), layer.diffId());
    }

    /** Where the store lives; a test class may choose a long path. */
    Path storeRoot() {
        return dir.resolve("store");
    }

    static List<String> tree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> !p.equals(root)).map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }
}
