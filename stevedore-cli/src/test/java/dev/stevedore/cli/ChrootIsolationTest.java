package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.store.Store;
import dev.stevedore.testing.BusyboxImage;
import dev.stevedore.testing.Prerequisites;
import dev.stevedore.testing.TarBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --isolation chroot}: what it isolates (the files: RUN sees and changes only the step's
 * root, and what it writes is the layer) and what it does not (the host's processes, pid and
 * network namespaces); the default isolation, a container, keeps both apart, so the checks can fail.
 */
class ChrootIsolationTest {

    private static final String PROBE = """
            FROM busybox
            RUN readlink /proc/self/ns/net > /net; readlink /proc/self/ns/pid > /pid; readlink /proc/self/ns/mnt > /mnt; \\
                ls /proc > /procs; ls / > /listing; echo written > /written; echo "$HOME" > /home; hostname > /hostname
            """;

    @TempDir
    Path dir;

    @Test
    void aChrootIsolatesFilesButNotProcessesNorTheNetwork() throws Exception {
        Path root = storeWithBusybox();
        Path out = build(root, PROBE, "--isolation", "chroot");

        assertThat(out.resolve("net")).hasContent(Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString());
        assertThat(out.resolve("pid")).hasContent(Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString());
        assertThat(out.resolve("mnt")).hasContent(Files.readSymbolicLink(Path.of("/proc/self/ns/mnt")).toString());
        assertThat(Files.readAllLines(out.resolve("procs"))).contains(Long.toString(ProcessHandle.current().pid()));
        // the files are the image's: the host's /usr and /work are not there, and what RUN wrote is the layer
        assertThat(Files.readAllLines(out.resolve("listing"))).contains("bin", "data").doesNotContain("usr", "work");
        assertThat(out.resolve("written")).hasContent("written");
        // the environment is a container's (HOME from the image's passwd: go build needs it), the host name the host's
        assertThat(out.resolve("home")).hasContent("/root");
        assertThat(out.resolve("hostname")).hasContent(hostName());
        // the host's /dev and /proc were mounted for the run only
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(root.toString());
    }

    @Test
    void theDefaultIsolationKeepsTheHostsNamespacesApart() throws Exception {
        Path out = build(storeWithBusybox(), PROBE);

        assertThat(out.resolve("net")).content().isNotEqualTo(Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString());
        assertThat(out.resolve("pid")).content().isNotEqualTo(Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString());
        assertThat(Files.readAllLines(out.resolve("procs"))).doesNotContain(Long.toString(ProcessHandle.current().pid()));
        assertThat(out.resolve("home")).hasContent("/root");
        assertThat(out.resolve("hostname")).content().isNotEqualTo(hostName());
    }

    private static String hostName() throws IOException {
        return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
    }

    /**
     * Kaniko's case, root of a container without CAP_SYS_ADMIN (here: the CLI under setpriv with
     * it dropped from the bounding set): no overlay nor fuse mount, no bind; the native snapshotter
     * is chosen by itself and the chroot runs with the image's /dev and /proc, saying so. The base
     * has a layer with an opaque directory, which an unpacked snapshot marks without trusted.*
     * xattrs (CAP_SYS_ADMIN's).
     */
    @Test
    void withoutAnyMountPrivilegeTheNativeSnapshotterAndAChrootStillBuild() throws Exception {
        Prerequisites.tool("setpriv");
        BusyboxImage.assumeRunnable();
        Prerequisites.tool("unshare");
        Path root = dir.resolve("store");
        BusyboxImage.withLayers(Store.open(root), dir.resolve("image"), BusyboxImage.NAME, List.of(
                new TarBuilder().dir("data").file("data/old", "old").bytes(),
                new TarBuilder().dir("data").file("data/.wh..wh..opq", "").file("data/new", "new").bytes()));
        Path context = Files.createDirectories(dir.resolve("unprivileged"));
        Files.writeString(context.resolve("Dockerfile"),
                "FROM busybox\nRUN echo built > /built && ls /proc > /procs && ls /data > /data-listing\n");
        Path out = dir.resolve("out-unprivileged");
        List<String> command = List.of("setpriv", "--bounding-set", "-sys_admin", "--",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "--debug",
                "--root", root.toString(), "build", "--progress", "plain", "--isolation", "chroot", "-o", out.toString(),
                context.toString());
        Path err = dir.resolve("unprivileged.err");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(err.toFile()).start();
        assertThat(p.waitFor(300, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        String log = Files.readString(err);
        assertThat(p.exitValue()).as(log).isZero();
        assertThat(log).contains("DEBUG: Snapshotter: native (a copy of the layers per step: slow, but needs no mount);"
                + " refused: overlayfs: ", "; fuse-overlayfs: ",
                "--isolation chroot cannot bind the host's /dev here (no mount privilege): RUN sees the image's /dev");
        assertThat(out.resolve("built")).hasContent("built");
        assertThat(out.resolve("procs")).isEmptyFile(); // the image's own /proc: an empty directory
        assertThat(out.resolve("data-listing")).hasContent("new"); // the opaque directory hides the lower layer's file

        // a RUN --mount cannot be bound there: refused, not left out (the RUN would write its cache into the layer)
        Files.writeString(context.resolve("Dockerfile"), "FROM busybox\nRUN --mount=type=cache,target=/c true\n");
        Process mount = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(err.toFile()).start();
        assertThat(mount.waitFor(300, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(mount.exitValue()).isNotZero();
        assertThat(Files.readString(err)).contains("Dockerfile:2", "RUN --mount (/c) needs mount privilege with"
                + " --isolation chroot, and there is none here");
    }

    /**
     * RUN --mount under a chroot: bound into the root for the run only, as /dev is. A cache mount
     * (how the examples keep ~/.m2 and Go's build cache) keeps what one build wrote for the next,
     * and neither it nor the tmpfs leaves a trace in the layer.
     */
    @Test
    void runMountsAreBoundIntoTheChrootForTheRunOnly() throws Exception {
        Path root = storeWithBusybox();
        String dockerfile = """
                FROM busybox
                ARG RUN=1
                RUN --mount=type=cache,target=/root/.cache/dl --mount=type=tmpfs,target=/t \
                    echo "run $RUN" >> /root/.cache/dl/log && cat /root/.cache/dl/log > /seen && echo x > /t/x && ls / > /listing
                """;
        build(root, dockerfile, "--isolation", "chroot", "--network", "host");
        Path out = build(root, dockerfile, "--isolation", "chroot", "--network", "host", "--build-arg", "RUN=2");
        assertThat(Files.readAllLines(out.resolve("seen"))).containsExactly("run 1", "run 2");
        assertThat(Files.readAllLines(out.resolve("listing"))).contains("t");
        assertThat(out.resolve("t")).doesNotExist();
        assertThat(out.resolve("root/.cache")).doesNotExist();
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(root.toString());
    }

    @Test
    void aPrivateNetworkIsRefusedWithAChroot() throws Exception {
        Path root = storeWithBusybox();
        Path none = Files.createDirectories(dir.resolve("none"));
        Files.writeString(none.resolve("Dockerfile"), "FROM busybox\nRUN true\n");
        CliRun network = CliRun.run("", "--root", root.toString(), "build", "--isolation", "chroot", "--network", "none",
                none.toString());
        assertThat(network.code()).isNotZero();
        assertThat(network.err()).contains("--isolation chroot shares the host's network");
    }

    private Path build(Path root, String dockerfile, String... flags) throws IOException {
        Path context = Files.createDirectories(dir.resolve("context-" + flags.length));
        Files.writeString(context.resolve("Dockerfile"), dockerfile);
        Path out = dir.resolve("out-" + flags.length);
        List<String> args = new java.util.ArrayList<>(List.of("--root", root.toString(), "build", "-o", out.toString()));
        args.addAll(List.of(flags));
        args.add(context.toString());
        CliRun run = CliRun.run("", args.toArray(String[]::new));
        assertThat(run.code()).as(run.err()).isZero();
        return out;
    }

    private Path storeWithBusybox() throws IOException {
        BusyboxImage.assumeRunnable();
        Prerequisites.tool("unshare");
        Path root = dir.resolve("store");
        BusyboxImage.create(Store.open(root), dir.resolve("image"), BusyboxImage.NAME);
        return root;
    }
}
