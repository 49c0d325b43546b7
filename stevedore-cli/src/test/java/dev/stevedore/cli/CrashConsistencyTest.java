package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.store.Store;
import dev.stevedore.testing.BusyboxImage;
import dev.stevedore.testing.FaultProxy;
import dev.stevedore.testing.FaultProxy.Fault;
import dev.stevedore.testing.FaultProxy.Rule;
import dev.stevedore.testing.StoreScan;
import dev.stevedore.testing.TestRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds in a JVM of their own ({@code stevedore build}), killed with SIGKILL while pulling (a
 * proxy stalls each blob half-way, so a kill lands mid-transfer), in the RUN, while its layer is
 * written, committed and tagged: at seeded random delays, or a seeded delay after a phase shows
 * in the progress. After each kill {@code stevedore fsck} is clean and no blob is bad; the same
 * build on the same store then succeeds with the image ID of an uninterrupted build (the build is
 * reproducible through {@code SOURCE_DATE_EPOCH}), and leaves no overlay mount and no runc
 * container behind. {@code -Dstevedore.crash.trials=N} (default 5), {@code -Dstevedore.crash.seed=S}.
 * Needs root, runc and docker-registry.
 */
@Timeout(3600)
class CrashConsistencyTest {

    private static final int TRIALS = Integer.getInteger("stevedore.crash.trials", 5);
    private static final long SEED = Long.getLong("stevedore.crash.seed", 2026);

    /** A phase of the build, as the plain progress shows it begin. */
    private record Phase(String name, Predicate<String> begun) { }

    private static final List<Phase> PHASES = List.of(
            new Phase("pulling", l -> l.contains(" sha256:") && l.matches(".* \\d+/\\d+$")),
            new Phase("copying", l -> l.contains("] COPY ")),
            new Phase("in the RUN", l -> l.contains(" tick 2")),
            new Phase("writing the RUN's layer", l -> l.contains(" tick 5")),
            new Phase("the last RUN, writing the image, tagging", l -> l.contains("] RUN --mount")),
            new Phase("writing the image", l -> l.startsWith("writing image")));

    @TempDir
    static Path tmp;

    static TestRegistry registry;
    static FaultProxy proxy;
    static Path context;

    @BeforeAll
    static void baseImage() throws IOException {
        BusyboxImage.assumeRunnable();
        registry = TestRegistry.start();
        proxy = FaultProxy.start(registry);
        // each blob stalls half-way for a while: pulls are slow enough to be killed mid-transfer
        proxy.add(Rule.of("GET", "/blobs/sha256:", new Fault.Stall(400), Integer.MAX_VALUE));
        Path source = tmp.resolve("source");
        BusyboxImage.create(Store.open(source), tmp.resolve("busybox"), BusyboxImage.NAME);
        Path baseContext = Files.createDirectories(tmp.resolve("base-context"));
        byte[] big = new byte[8 << 20];
        new Random(SEED).nextBytes(big);
        Files.write(baseContext.resolve("big"), big);
        Files.writeString(baseContext.resolve("Dockerfile"), "FROM busybox\nCOPY big /big\n");
        String base = registry.host() + "/crash/base:1";
        cli("--root", source.toString(), "build", "-q", "--build-arg", "SOURCE_DATE_EPOCH=1700000000", "-t", base,
                baseContext.toString());
        cli("--root", source.toString(), "push", base);

        context = Files.createDirectories(tmp.resolve("context"));
        Files.writeString(context.resolve("ctx.txt"), "from the context\n");
        Files.writeString(context.resolve("Dockerfile"), """
                FROM %s/crash/base:1
                COPY ctx.txt /ctx.txt
                RUN for i in 1 2 3 4 5; do echo tick $i; sleep 0.2; done; head -c 6000000 /big > /part; mkdir -p /var/x
                RUN --mount=type=cache,target=/cache,sharing=locked echo hi > /cache/x && cp /cache/x /copied
                ENV DONE=1
                """.formatted(proxy.host()));
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    private static void cli(String... args) {
        CliRun r = CliRun.run("", args);
        assertThat(r.code()).as("stevedore %s: %s", String.join(" ", args), r.err()).isZero();
    }

    private static String[] build(Path store) {
        return new String[] {"--root", store.toString(), "build", "--build-arg", "SOURCE_DATE_EPOCH=1700000000",
                "-t", "crash/app:1", context.toString()};
    }

    @Test
    void aBuildKilledAnywhereLeavesASoundStoreAndBuildsTheSameImageAgain() throws Exception {
        Path referenceStore = tmp.resolve("reference");
        Instant t0 = Instant.now();
        CliProcess reference = CliProcess.start(build(referenceStore));
        assertThat(reference.await(600)).as("the uninterrupted build: %s", reference.err()).isZero();
        long uninterrupted = Duration.between(t0, Instant.now()).toMillis();
        String imageId = reference.out().strip();
        assertThat(imageId).startsWith("sha256:");

        Random random = new Random(SEED);
        Map<String, Integer> killedWhile = new TreeMap<>();
        for (int trial = 0; trial < TRIALS; trial++) {
            Path store = tmp.resolve("trial-" + trial);
            CliProcess killed = CliProcess.start(build(store));
            String when = killSomewhere(killed, random, uninterrupted);
            String where = lastPhase(killed.errLines());
            killedWhile.merge(where, 1, Integer::sum);
            String about = "trial " + trial + " (" + when + ", last seen: " + where + ")\n" + killed.err();

            // nothing broken, and fsck exits 0 (issue 16: it used to exit 1 on a kill's staging
            // files): opening the store removes those of the dead build, so fsck lists none
            CliRun fsck = CliRun.run("", "--root", store.toString(), "fsck");
            assertThat(fsck.out().lines().filter(l -> !l.matches("\\d+ blobs checked, 0 problems")))
                    .as("fsck after %s: %s", about, fsck.out()).isEmpty();
            assertThat(fsck.code()).as("fsck after %s: %s", about, fsck.out()).isZero();
            assertThat(StoreScan.badBlobs(store)).as(about).isEmpty();

            CliRun again = CliRun.run("", build(store));
            assertThat(again.code()).as("the build after %s: %s", about, again.err()).isZero();
            assertThat(again.out().strip()).as("the image after %s", about).isEqualTo(imageId);
            assertThat(StoreScan.mounts(store, false)).as(about).isEmpty();
            assertThat(StoreScan.allContainers(store)).as(about).isEmpty();
            CliRun after = CliRun.run("", "--root", store.toString(), "fsck");
            assertThat(after.code()).as("fsck after the rebuild, %s: %s", about, after.out()).isZero();
            assertThat(StoreScan.badBlobs(store)).as(about).isEmpty();
            dev.stevedore.fs.FileTrees.delete(store);
        }
        System.out.println("CrashConsistencyTest: " + TRIALS + " kills (seed " + SEED + ", an uninterrupted build takes "
                + uninterrupted + " ms), by the last phase seen: " + killedWhile);
    }

    /** Half the trials: a random delay within an uninterrupted build; half: a random delay after a phase begins. */
    private static String killSomewhere(CliProcess build, Random random, long uninterrupted) throws Exception {
        String when;
        if (random.nextBoolean()) {
            long delay = random.nextLong(uninterrupted);
            Thread.sleep(delay);
            when = "killed " + delay + " ms after start";
        } else {
            Phase phase = PHASES.get(random.nextInt(PHASES.size()));
            long delay = random.nextLong(400);
            Instant deadline = Instant.now().plusSeconds(300);
            while (build.isAlive() && build.errLines().stream().noneMatch(phase.begun())
                    && Instant.now().isBefore(deadline)) {
                Thread.sleep(5);
            }
            Thread.sleep(delay);
            when = "killed " + delay + " ms after " + phase.name() + " began";
        }
        boolean finished = !build.isAlive();
        build.kill();
        return finished ? when + " (it had finished already)" : when;
    }

    /** The last phase the progress showed begin before the kill. */
    private static String lastPhase(List<String> lines) {
        String last = "starting";
        for (String line : lines) {
            for (Phase p : PHASES) {
                if (p.begun().test(line)) {
                    last = p.name();
                }
            }
        }
        return last;
    }
}
