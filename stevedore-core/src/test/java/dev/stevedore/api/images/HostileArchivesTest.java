package dev.stevedore.api.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.oci.Descriptor;
import dev.stevedore.store.Store;
import dev.stevedore.testing.HostileImages;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * OCI archives whose indexes are built to exhaust the loader: a DAG (each index listing the next
 * twice: 2^levels paths through few blobs) and a long chain. Each blob is visited once and the
 * depth is bounded, so both fail at once with a sentence. The timeouts are hang guards (before
 * the fix the DAG never finished and the chain overflowed the stack), not performance checks.
 */
class HostileArchivesTest {

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aDagOfIndexesEachListingTheNextTwiceFailsWithASentence() {
        HostileImages hostile = new HostileImages();
        Descriptor top = hostile.image("a", "1");
        for (int level = 0; level < 40; level++) {
            top = hostile.index(Collections.nCopies(2, top));
        }
        assertRefused(hostile.ociArchive(List.of(top), "docker.io/library/dag:1"), "dag.tar");
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aChainOf20000IndexesFailsWithASentenceNotAStackOverflow() {
        HostileImages hostile = new HostileImages();
        Descriptor top = hostile.image("a", "1");
        for (int level = 0; level < 20_000; level++) {
            top = hostile.index(List.of(top));
        }
        assertRefused(hostile.ociArchive(List.of(top), "docker.io/library/chain:1"), "chain.tar");
    }

    private void assertRefused(byte[] archive, String name) {
        Images images = new Images(Store.open(tmp.resolve("store")), Clock.systemUTC());
        assertThatThrownBy(() -> images.load(new ByteArrayInputStream(archive), name))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(name + " is a broken image archive: its manifests and indexes nest deeper"
                        + " than 8 levels (at sha256:");
        assertThat(images.store().tags().list()).isEmpty();
    }
}
