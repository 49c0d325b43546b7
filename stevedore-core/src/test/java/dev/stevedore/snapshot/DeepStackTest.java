package dev.stevedore.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** 60 lowers on a store with a short root: they fit in one mount's options as they are. */
class DeepStackTest extends SnapshotFixture {

    /** Layer i adds file-i; layer 40 deletes file-3; returned top first. */
    List<Snapshot> sixtyLayers() {
        List<Snapshot> bottomFirst = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            List<String> lines = new ArrayList<>(List.of("f file-" + i + " " + i));
            if (i == 40) {
                lines.add("f .wh.file-3");
            }
            bottomFirst.add(ensure(TestLayers.put(store, lines.toArray(String[]::new))));
        }
        return bottomFirst.reversed();
    }

    static List<String> expectedFiles() {
        return IntStream.range(0, 60).filter(i -> i != 3).mapToObj(i -> "file-" + i).sorted().toList();
    }

    @Test
    void sixtyLowersMount() throws IOException {
        List<Snapshot> stack = sixtyLayers();
        assertThat(new OverlayOptions(stack.stream().map(Snapshot::directory).toList(), dir, dir).fits()).isTrue();
        try (Active active = snapshotter.prepare(stack)) {
            assertThat(tree(active.merged())).isEqualTo(expectedFiles());
            assertThat(active.merged().resolve("file-59")).hasContent("59");
        }
        assertThat(snapshotter.usage().snapshots()).noneMatch(SnapshotUsage::flattened);
    }
}
