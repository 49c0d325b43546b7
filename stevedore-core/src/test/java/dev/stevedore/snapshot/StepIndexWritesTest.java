package dev.stevedore.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.oci.Digest;
import dev.stevedore.snapshot.TestLayers.StoredLayer;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A step on a many-layer base writes the snapshot index once, when it commits, however many
 * layers it stands on: ensuring the layers and mounting them do not rewrite it (each write is a
 * rename of a new file, so the index's inode tells whether it was written). Needs root.
 */
class StepIndexWritesTest extends SnapshotFixture {

    private static final int LAYERS = 30;

    /** A clock the test moves, to see which snapshots a step marked used. */
    private static final class SteppingClock extends Clock {
        private Instant now = NOW;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void aStepOnThirtyLayersWritesTheIndexOnceAndMarksEveryLowerUsed() throws IOException {
        SteppingClock clock = new SteppingClock();
        Snapshotter snapshots = Snapshotter.open(store, clock);
        List<StoredLayer> layers = new ArrayList<>();
        for (int i = 0; i < LAYERS; i++) {
            layers.add(TestLayers.put(store, "f file" + i + " " + i));
        }
        layers.forEach(l -> snapshots.ensure(l.blob(), l.diffId()));
        Object before = inode();
        clock.now = NOW.plusSeconds(60);

        List<Snapshot> lowers = new ArrayList<>();
        layers.forEach(l -> lowers.addFirst(snapshots.ensure(l.blob(), l.diffId()))); // as each step does
        assertThat(inode()).as("ensuring extracted layers writes nothing").isEqualTo(before);
        try (Active active = snapshots.prepare(lowers)) {
            assertThat(inode()).as("mounting for a step writes nothing").isEqualTo(before);
            Files.writeString(active.merged().resolve("new"), "new");
            active.commit(Digest.sha256(new byte[] {42}));
        }

        assertThat(inode()).as("the commit writes the index").isNotEqualTo(before);
        assertThat(snapshots.usage().snapshots()).hasSize(LAYERS + 1)
                .allSatisfy(u -> assertThat(u.lastUsed()).isEqualTo(NOW.plusSeconds(60)));
    }

    @Test
    void anAbortedStepStillMarksItsLowersUsed() {
        SteppingClock clock = new SteppingClock();
        Snapshotter snapshots = Snapshotter.open(store, clock);
        StoredLayer layer = TestLayers.put(store, "f a 1");
        Snapshot base = snapshots.ensure(layer.blob(), layer.diffId());
        clock.now = NOW.plusSeconds(60);

        try (Active active = snapshots.prepare(List.of(base))) {
            active.abort();
        }

        assertThat(snapshots.usage().snapshots()).singleElement()
                .satisfies(u -> assertThat(u.lastUsed()).isEqualTo(NOW.plusSeconds(60)));
    }

    private Object inode() throws IOException {
        return Files.getAttribute(snapshots().resolve("index.json"), "unix:ino");
    }

}
