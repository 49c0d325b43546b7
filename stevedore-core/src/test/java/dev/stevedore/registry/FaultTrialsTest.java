package dev.stevedore.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.diag.StevedoreException;
import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.ImageReference;
import dev.stevedore.store.Store;
import dev.stevedore.testing.FaultProxy;
import dev.stevedore.testing.FaultProxy.Fault;
import dev.stevedore.testing.FaultProxy.Rule;
import dev.stevedore.testing.StoreScan;
import dev.stevedore.testing.TestRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded random mixes of faults (resets, 5xx, 429 with Retry-After, truncated, corrupt, stalled
 * and slow answers) on manifests and blobs, one fresh store per trial: every pull either gives
 * the image or fails with a sentence naming the pull, and the store never holds a bad blob.
 * {@code -Dstevedore.fault.trials=N} (default 12) and {@code -Dstevedore.fault.seed=S}; the
 * outcome counts are printed for RELIABILITY.md.
 */
class FaultTrialsTest {

    private static final int TRIALS = Integer.getInteger("stevedore.fault.trials", 12);
    private static final long SEED = Long.getLong("stevedore.fault.seed", 9);

    @TempDir
    static Path tmp;

    static TestRegistry registry;
    static Descriptor image;

    @BeforeAll
    static void push() {
        registry = TestRegistry.start();
        Store source = Store.open(tmp.resolve("source"));
        image = TestImages.image(source, PullPushTest.AMD64, 31, 300_000, 5000, 70_000);
        source.tags().tag("t:1", image);
        try (RegistryClient c = new RegistryClient(RegistryOptions.defaults())) {
            c.push(source, "t:1", ImageReference.parse(registry.host() + "/trials/app:1"));
        }
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @Test
    @Timeout(600)
    void everyPullSucceedsOrFailsCleanlyAndNoBadBlobIsStored() throws IOException {
        Random random = new Random(SEED);
        Map<String, Integer> outcomes = new TreeMap<>();
        for (int trial = 0; trial < TRIALS; trial++) {
            Store store = Store.open(tmp.resolve("store-" + trial));
            List<String> faults = new ArrayList<>();
            try (FaultProxy proxy = FaultProxy.start(registry)) {
                for (int n = 1 + random.nextInt(4); n > 0; n--) {
                    Fault fault = fault(random);
                    String path = random.nextBoolean() ? "/blobs/" : "/manifests/";
                    int times = 1 + random.nextInt(random.nextInt(10) == 0 ? 8 : 3);
                    proxy.add(Rule.of("GET", path, fault, times));
                    faults.add(fault.getClass().getSimpleName() + " x" + times + " on " + path);
                }
                ImageReference ref = ImageReference.parse(proxy.host() + "/trials/app:1");
                // no pauses: the retry policy's own waits are checked by FaultTest
                try (RegistryClient c = new RegistryClient(RegistryOptions.defaults()
                        .withIdleTimeout(Duration.ofMillis(400)), d -> { })) {
                    PullResult r = c.pull(ref, PullPushTest.AMD64, store);
                    assertThat(r.manifest().digest()).as("trial %d: %s", trial, faults).isEqualTo(image.digest());
                    outcomes.merge("pulled", 1, Integer::sum);
                } catch (StevedoreException e) {
                    assertThat(e.getMessage()).as("trial %d: %s", trial, faults).startsWith("pull " + ref + ": ");
                    outcomes.merge("failed: " + e.category(), 1, Integer::sum);
                    System.out.println("FaultTrialsTest: trial " + trial + " " + faults + " -> " + e.getMessage());
                }
            }
            assertThat(store.fsck(false).problems()).as("trial %d: %s", trial, faults).isEmpty();
            assertThat(StoreScan.badBlobs(store.root())).as("trial %d: %s", trial, faults).isEmpty();
        }
        System.out.println("FaultTrialsTest: " + TRIALS + " trials (seed " + SEED + "): " + outcomes);
        assertThat(outcomes.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(TRIALS);
    }

    private static Fault fault(Random random) {
        return switch (random.nextInt(8)) {
            case 0 -> new Fault.Reset();
            case 1 -> new Fault.Status(500 + random.nextInt(4), null);
            case 2 -> new Fault.Status(429, String.valueOf(random.nextInt(3)));
            case 3 -> new Fault.Truncate();
            case 4 -> new Fault.Corrupt();
            case 5 -> new Fault.Stall(5_000);
            case 6 -> new Fault.Slow(200);
            default -> new Fault.Status(502, null);
        };
    }
}
