package dev.stevedore.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * 60 lowers on a store whose root is so long that their paths exceed a page: the bottom of the
 * stack is flattened into one cached snapshot, and the mount shows the same files.
 */
class LongRootStackTest extends DeepStackTest {

    @Override
    Path storeRoot() {
        return dir.resolve("r".repeat(120)).resolve("s".repeat(120));
    }

    @Test
    @Override
    void sixtyLowersMount() throws IOException {
        List<Snapshot> stack = sixtyLayers();
        assertThat(new OverlayOptions(stack.stream().map(Snapshot::directory).toList(), dir, dir).fits()).isFalse();
        try (Active active = snapshotter.prepare(stack)) {
            assertThat(tree(active.merged())).isEqualTo(expectedFiles());
            Files.writeString(active.merged().resolve("file-0"), "changed");
            assertThat(tree(active.upper())).containsExactly("file-0");
        }
        // The mount's bottom lower is one flattened snapshot; making it took nested flattenings
        // (a page holds only a dozen of these long paths), each a cache keyed by its chain ID.
        List<SnapshotUsage> flattened = snapshotter.usage().snapshots().stream().filter(SnapshotUsage::flattened).toList();
        assertThat(flattened).isNotEmpty();
        int size = IntStream.rangeClosed(2, stack.size()).filter(n -> flattened.stream().anyMatch(
                u -> u.snapshot().key().equals(Stacks.chainId(stack.subList(stack.size() - n, stack.size())))))
                .max().orElseThrow();
        assertThat(size).isBetween(48, 59);
        Snapshot flat = snapshotter.get(Stacks.chainId(stack.subList(stack.size() - size, stack.size()))).orElseThrow();
        assertThat(tree(flat.directory())).isEqualTo(IntStream.range(0, size).filter(i -> i != 3)
                .mapToObj(i -> "file-" + i).sorted().toList());

        try (View view = snapshotter.view(stack)) {  // reuses the flattened snapshot
            assertThat(tree(view.root())).isEqualTo(expectedFiles());
            assertThat(view.root().resolve("file-0")).hasContent("0");
        }
        assertThat(snapshotter.usage().snapshots().stream().filter(SnapshotUsage::flattened)).hasSize(flattened.size());
    }
}
