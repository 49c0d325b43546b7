package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.oci.Digest;
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
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pulls and pushes in a JVM of their own, killed with SIGKILL mid-transfer, as
 * {@link CrashConsistencyTest} kills builds: a proxy in front of a real {@code docker-registry}
 * stalls every blob download half-way and holds every upload's answer, so a kill lands while a
 * blob is on the wire. Half the kills come at a seeded random delay within an uninterrupted
 * transfer, half a seeded 0–300 ms after the transfer shows (a download's staging file in
 * {@code tmp/}, or the first upload at the registry). After each kill {@code stevedore fsck} is
 * clean (exit 0, no problem and no leftover: the next command removed the kill's staging files),
 * no blob is bad, and the same command then succeeds: a pull gives the registry's manifest, a
 * push leaves the registry with an image that pulls into a fresh store as the source's digest.
 * {@code -Dstevedore.crash.transfers=N} kills of each (default 3), {@code -Dstevedore.crash.seed=S}.
 * Needs docker-registry.
 */
@Timeout(3600)
class TransferCrashTest {

    private static final int TRIALS = Integer.getInteger("stevedore.crash.transfers", 3);
    private static final long SEED = Long.getLong("stevedore.crash.seed", 2026);
    private static final String IMAGE = "crash/base:1";

    @TempDir
    static Path tmp;

    static TestRegistry registry;
    static Path source;
    static Digest manifest;

    @BeforeAll
    static void image() throws IOException {
        registry = TestRegistry.start();
        source = tmp.resolve("source");
        BusyboxImage.create(Store.open(source), tmp.resolve("busybox"), BusyboxImage.NAME);
        Path context = Files.createDirectories(tmp.resolve("context"));
        Random random = new Random(SEED);
        for (String name : new String[] {"a", "b"}) {
            byte[] big = new byte[4 << 20];
            random.nextBytes(big);
            Files.write(context.resolve(name), big);
        }
        Files.writeString(context.resolve("Dockerfile"), "FROM busybox\nCOPY a /a\nCOPY b /b\n");
        cli("--root", source.toString(), "build", "-q", "--build-arg", "SOURCE_DATE_EPOCH=1700000000",
                "-t", IMAGE, context.toString());
        // what a push sends and a pull gets: the image with its layers gzip-compressed (the store keeps them uncompressed)
        Store built = Store.open(source);
        try (var lease = built.lease()) {
            manifest = dev.stevedore.output.ExportedForm.of(built, lease, built.tags().resolve("docker.io/" + IMAGE),
                    dev.stevedore.oci.LayerCompression.GZIP).digest();
        }
        cli("--root", source.toString(), "tag", IMAGE, registry.host() + "/" + IMAGE);
        cli("--root", source.toString(), "push", registry.host() + "/" + IMAGE);
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    private static void cli(String... args) {
        CliRun r = CliRun.run("", args);
        assertThat(r.code()).as("stevedore %s: %s", String.join(" ", args), r.err()).isZero();
    }

    @Test
    void aPullKilledMidTransferLeavesASoundStoreAndPullsAgain() throws Exception {
        try (FaultProxy proxy = FaultProxy.start(registry)) {
            proxy.add(Rule.of("GET", "/blobs/sha256:", new Fault.Stall(400), Integer.MAX_VALUE));
            String reference = proxy.host() + "/" + IMAGE;
            long uninterrupted = timed(tmp.resolve("pull-reference"), "pull", reference);
            Random random = new Random(SEED);
            Map<String, Integer> killedWhile = new TreeMap<>();
            for (int trial = 0; trial < TRIALS; trial++) {
                Path store = tmp.resolve("pull-" + trial);
                Store.open(store);
                CliProcess pull = CliProcess.start("--root", store.toString(), "pull", reference);
                String when = killSomewhere(pull, random, uninterrupted, () -> downloading(store));
                // a staging file left by the kill: a blob was half-downloaded
                killedWhile.merge(downloading(store) ? "a blob half-downloaded" : "no blob on the wire", 1,
                        Integer::sum);
                String about = "pull trial " + trial + " (" + when + ")\n" + pull.err();

                sound(store, about);
                cli("--root", store.toString(), "pull", reference);
                assertThat(Store.open(store).tags().resolve(reference).digest()).as(about).isEqualTo(manifest);
                sound(store, about);
                dev.stevedore.fs.FileTrees.delete(store);
            }
            System.out.println("TransferCrashTest: " + TRIALS + " pulls killed (seed " + SEED
                    + ", an uninterrupted pull takes " + uninterrupted + " ms): " + killedWhile);
        }
    }

    @Test
    void aPushKilledMidTransferLeavesASoundStoreAndPushesAgain() throws Exception {
        Random random = new Random(SEED + 1);
        Map<String, Integer> killedWhile = new TreeMap<>();
        long uninterrupted = -1;
        for (int trial = -1; trial < TRIALS; trial++) {
            // a registry of its own each time, so that every push uploads every blob
            try (TestRegistry target = TestRegistry.start(); FaultProxy proxy = FaultProxy.start(target)) {
                proxy.add(Rule.of("PUT", "/blobs/uploads/", new Fault.Slow(300), Integer.MAX_VALUE));
                proxy.add(Rule.of("PATCH", "/blobs/uploads/", new Fault.Slow(300), Integer.MAX_VALUE));
                proxy.add(Rule.of("PUT", "/manifests/", new Fault.Slow(300), Integer.MAX_VALUE));
                String reference = proxy.host() + "/" + IMAGE;
                cli("--root", source.toString(), "tag", IMAGE, reference);
                if (trial < 0) {
                    uninterrupted = timed(source, "push", reference);
                    continue;
                }
                CliProcess push = CliProcess.start("--root", source.toString(), "push", reference);
                String when = killSomewhere(push, random, uninterrupted,
                        () -> proxy.seen().stream().anyMatch(s -> s.startsWith("PUT ") || s.startsWith("PATCH ")));
                long uploads = proxy.seen().stream().filter(s -> s.startsWith("PUT ") && s.contains("/blobs/")).count();
                boolean manifestSent = proxy.seen().stream().anyMatch(s -> s.startsWith("PUT ") && s.contains("/manifests/"));
                killedWhile.merge(manifestSent ? "the manifest sent" : uploads + " blob uploads sent", 1, Integer::sum);
                String about = "push trial " + trial + " (" + when + ")\n" + push.err();

                sound(source, about);
                cli("--root", source.toString(), "push", reference);
                Path check = tmp.resolve("push-check-" + trial);
                cli("--root", check.toString(), "pull", target.host() + "/" + IMAGE);
                assertThat(Store.open(check).tags().resolve(target.host() + "/" + IMAGE).digest()).as(about)
                        .isEqualTo(manifest);
                sound(source, about);
                cli("--root", source.toString(), "rmi", reference);
                dev.stevedore.fs.FileTrees.delete(check);
            }
        }
        System.out.println("TransferCrashTest: " + TRIALS + " pushes killed (seed " + SEED
                + ", an uninterrupted push takes " + uninterrupted + " ms): " + killedWhile);
    }

    /** fsck exits 0 with no problem and no leftover, and every blob hashes to its name. */
    private static void sound(Path store, String about) throws IOException {
        CliRun fsck = CliRun.run("", "--root", store.toString(), "fsck");
        assertThat(fsck.code()).as("fsck after %s: %s", about, fsck.out()).isZero();
        assertThat(fsck.out()).as("fsck after %s", about).matches("\\d+ blobs checked, 0 problems\n");
        assertThat(StoreScan.badBlobs(store)).as(about).isEmpty();
    }

    /** The time {@code stevedore COMMAND REFERENCE} takes on {@code store}, uninterrupted, in a JVM of its own. */
    private static long timed(Path store, String command, String reference) throws Exception {
        Instant t0 = Instant.now();
        CliProcess process = CliProcess.start("--root", store.toString(), command, reference);
        assertThat(process.await(600)).as("the uninterrupted %s: %s", command, process.err()).isZero();
        return Duration.between(t0, Instant.now()).toMillis();
    }

    /** Whether a download is on the wire: a blob's staging file in the store's {@code tmp/}. */
    private static boolean downloading(Path store) {
        try (Stream<Path> files = Files.list(store.resolve("tmp"))) {
            return files.anyMatch(p -> p.getFileName().toString().startsWith("blob-"));
        } catch (IOException e) {
            return false;
        }
    }

    /** Half the trials: a random delay within an uninterrupted transfer; half: 0–300 ms after it shows. */
    private static String killSomewhere(CliProcess process, Random random, long uninterrupted,
            java.util.function.BooleanSupplier transferring) throws Exception {
        String when;
        if (random.nextBoolean()) {
            long delay = random.nextLong(uninterrupted);
            Thread.sleep(delay);
            when = "killed " + delay + " ms after start";
        } else {
            long delay = random.nextLong(300);
            Instant deadline = Instant.now().plusSeconds(300);
            while (process.isAlive() && !transferring.getAsBoolean() && Instant.now().isBefore(deadline)) {
                Thread.sleep(5);
            }
            Thread.sleep(delay);
            when = "killed " + delay + " ms after the transfer began";
        }
        boolean finished = !process.isAlive();
        process.kill();
        return finished ? when + " (it had finished already)" : when;
    }
}
