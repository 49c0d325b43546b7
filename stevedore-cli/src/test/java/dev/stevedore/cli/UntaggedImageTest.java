package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.store.Store;
import dev.stevedore.testing.BusyboxImage;
import dev.stevedore.testing.TestRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docker run $(docker build -q .)}: the result of a build without {@code -t} is an
 * untagged image that every command addresses by its id or an id prefix until a prune removes
 * it; a prune keeps the newest one unless {@code -a}. Needs root, runc and busybox (as every
 * build with a base image).
 */
class UntaggedImageTest {

    @TempDir
    Path dir;

    String root;
    Path context;

    @BeforeEach
    void setUp() throws Exception {
        BusyboxImage.assumeRunnable();
        root = dir.resolve("store").toString();
        BusyboxImage.create(Store.open(Path.of(root)), dir.resolve("image"), BusyboxImage.NAME);
        context = Files.createDirectories(dir.resolve("ctx"));
    }

    private CliRun cli(String... args) {
        String[] full = new String[args.length + 2];
        full[0] = "--root";
        full[1] = root;
        System.arraycopy(args, 0, full, 2, args.length);
        return CliRun.run("", full);
    }

    /** Builds without -t; returns the id printed (and written to --iidfile). */
    private String buildUntagged(String word) throws Exception {
        Files.writeString(context.resolve("Dockerfile"), "FROM busybox\nENV WORD=" + word
                + "\nCMD [\"sh\", \"-c\", \"echo $WORD\"]\n");
        Path iid = dir.resolve("iid-" + word);
        CliRun build = cli("build", "-q", "--iidfile", iid.toString(), context.toString());
        assertThat(build.code()).as(build.err()).isZero();
        String id = build.out().strip();
        assertThat(id).matches("sha256:[0-9a-f]{64}");
        assertThat(Files.readString(iid, StandardCharsets.UTF_8)).isEqualTo(id);
        return id;
    }

    @Test
    void everyCommandAddressesTheResultOfABuildWithoutATagByIdAndIdPrefix() throws Exception {
        String id = buildUntagged("first");
        String hex = id.substring(7);
        for (String name : new String[] {id, hex, hex.substring(0, 12), "sha256:" + hex.substring(0, 5)}) {
            CliRun run = cli("run", name);
            assertThat(run.code()).as(name + ": " + run.err()).isZero();
            assertThat(run.out()).isEqualTo("first\n");
        }
        assertThat(cli("inspect", hex.substring(0, 12)).out()).contains("\"Id\" : \"" + id + "\"");
        assertThat(cli("history", id).out()).contains(hex.substring(0, 12)).contains("ENV WORD=first");
        assertThat(cli("report", hex.substring(0, 12)).code()).isZero();
        assertThat(cli("images").out()).containsPattern("<none> +<none> +" + hex.substring(0, 12));
        Path saved = dir.resolve("saved.tar");
        assertThat(cli("save", "-o", saved.toString(), "sha256:" + hex.substring(0, 12)).code()).isZero();
        assertThat(saved).isNotEmptyFile();
        try (TestRegistry registry = TestRegistry.start()) {
            CliRun push = cli("push", hex.substring(0, 12), registry.host() + "/app:1");
            assertThat(push.code()).as(push.err()).isZero();
            assertThat(push.out()).contains("1: digest: sha256:");
        }
        CliRun nowhere = cli("push", hex.substring(0, 12));
        assertThat(nowhere.err()).isEqualTo("ERROR: push " + hex.substring(0, 12) + ": an image id names no"
                + " registry; say where it goes: stevedore push " + hex.substring(0, 12) + " REGISTRY/NAME:TAG\n");

        // tagging it makes it an ordinary image: no <none> row any more
        assertThat(cli("tag", hex.substring(0, 12), "named:1").code()).isZero();
        assertThat(cli("images").out()).doesNotContain("<none>").containsPattern("named +1 +" + hex.substring(0, 12));
        assertThat(cli("rmi", "named:1").out()).isEqualTo("Untagged: named:1\n");
    }

    @Test
    void pruneKeepsOnlyTheNewestUntaggedImageAndMinusAAlsoThat() throws Exception {
        String first = buildUntagged("first");
        CliRun prune = cli("prune");
        assertThat(prune.code()).as(prune.err()).isZero();
        assertThat(cli("run", first).out()).isEqualTo("first\n");

        String second = buildUntagged("second");
        prune = cli("prune");
        assertThat(prune.out()).contains("deleted image: " + first + "\n");
        assertThat(cli("inspect", first).err()).isEqualTo("ERROR: No such image: " + first + "\n");
        assertThat(cli("run", second).out()).isEqualTo("second\n");

        prune = cli("prune", "-a");
        assertThat(prune.out()).contains("deleted image: " + second + "\n");
        assertThat(cli("inspect", second).err()).isEqualTo("ERROR: No such image: " + second + "\n");
        assertThat(cli("images").out()).doesNotContain("<none>");
        assertThat(cli("fsck").out()).endsWith("0 problems\n");
    }

    @Test
    void rmiOfAnUntaggedImageForgetsIt() throws Exception {
        String id = buildUntagged("gone");
        assertThat(cli("rmi", id.substring(7, 19)).out()).isEqualTo("Deleted: " + id + "\n");
        assertThat(cli("inspect", id).err()).isEqualTo("ERROR: No such image: " + id + "\n");
    }

    @Test
    void untaggedEntriesLeaveTheStoreALayoutSkopeoAndUmociRead() throws Exception {
        buildUntagged("first");
        buildUntagged("second");
        String layout = root + "/oci";
        CliRun unused = cli("images");
        assertThat(unused.code()).isZero();
        assertThat(exec("skopeo", "inspect", "oci:" + layout + ":" + BusyboxImage.NAME)).contains("\"Layers\"");
        assertThat(exec("umoci", "ls", "--layout", layout)).isEqualTo(BusyboxImage.NAME + "\n");
    }

    private static String exec(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
        return out;
    }
}
