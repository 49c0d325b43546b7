package dev.stevedore.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.testing.BusyboxImage;
import dev.stevedore.testing.Prerequisites;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs real containers with {@code runc}; skipped without runc, busybox or root. */
class RuncRuntimeTest {

    @TempDir
    Path dir;

    private Path rootfs;
    private Path stateDir;
    private RuncRuntime runtime;
    private RuncCommands runc;

    @BeforeEach
    void setUp() throws IOException {
        Path binary;
        try {
            binary = RuntimeLocator.locate(Optional.of("runc"));
        } catch (RuntimeException e) {
            binary = null;
        }
        Prerequisites.tool("runc");
        Prerequisites.root();
        Prerequisites.tool("busybox");
        rootfs = BusyboxImage.rootfs(dir);
        stateDir = dir.resolve("state");
        runtime = new RuncRuntime(binary, stateDir);
        runc = new RuncCommands(binary, stateDir.resolve("runc"));
    }

    @AfterEach
    void nothingLeftBehind() throws Exception {
        if (runtime == null) {
            return;
        }
        assertThat(runc.list()).isEmpty();
        try (Stream<Path> entries = Files.list(stateDir)) {
            assertThat(entries.map(p -> p.getFileName().toString())).as("no bundle left")
                    .allMatch(n -> n.equals("runc"));
        }
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(dir.toString());
        for (String stub : List.of("proc", "dev", "sys", "etc/hosts", "etc/resolv.conf", "etc/hostname")) {
            assertThat(rootfs.resolve(stub)).as(stub).doesNotExist();
        }
    }

    /** The output of a run, lines per stream. */
    private record Output(int exit, List<String> stdout, List<String> stderr) {}

    private Output run(ProcessSpec spec) throws IOException, InterruptedException {
        List<String> out = Collections.synchronizedList(new ArrayList<>());
        List<String> err = Collections.synchronizedList(new ArrayList<>());
        int code = runtime.run(rootfs, spec, (stream, line) -> (stream == OutputListener.Stream.STDOUT ? out : err).add(line));
        return new Output(code, List.copyOf(out), List.copyOf(err));
    }

    private Output sh(String script) throws IOException, InterruptedException {
        return run(ProcessSpec.of("/bin/sh", "-c", script));
    }

    @Test
    void echoesAndExits() throws Exception {
        assertThat(run(ProcessSpec.of("echo", "hello"))).isEqualTo(new Output(0, List.of("hello"), List.of()));
        assertThat(sh("echo partial; printf 'no newline'; exit 3")).isEqualTo(new Output(3, List.of("partial", "no newline"), List.of()));
    }

    @Test
    void capturesStderrApart() throws Exception {
        assertThat(sh("echo out; echo oops >&2")).isEqualTo(new Output(0, List.of("out"), List.of("oops")));
    }

    @Test
    void stdinIsFedToTheProcess() throws Exception {
        assertThat(run(ProcessSpec.of("cat").withStdin("line 1\nline 2\n".getBytes())).stdout())
                .containsExactly("line 1", "line 2");
        assertThat(run(ProcessSpec.of("cat")).stdout()).isEmpty();
    }

    @Test
    void environmentGetsDefaults() throws Exception {
        Output out = run(ProcessSpec.of("env").withEnv(List.of("GREETING=hi there")).withHostname("builder"));
        assertThat(out.stdout()).contains(
                "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "GREETING=hi there",
                "HOSTNAME=builder", "HOME=/root");
        assertThat(run(ProcessSpec.of("env").withUser("app")).stdout()).contains("HOME=/home/app");
    }

    @Test
    void usersResolveAgainstTheImagesFiles() throws Exception {
        assertThat(idOf("")).isEqualTo("uid=0(root) gid=0(root)");
        assertThat(idOf("app")).isEqualTo("uid=1000(app) gid=1000(app) groups=2000(extra)");
        assertThat(idOf("1000")).isEqualTo("uid=1000(app) gid=1000(app) groups=2000(extra)");
        assertThat(idOf("1000:2000")).isEqualTo("uid=1000(app) gid=2000(extra)");
        assertThat(idOf("app:extra")).isEqualTo("uid=1000(app) gid=2000(extra)");
        assertThat(idOf("1000:extra")).isEqualTo("uid=1000(app) gid=2000(extra)");
        assertThat(idOf("4242:4343")).isEqualTo("uid=4242 gid=4343");
        assertThatThrownBy(() -> idOf("nobody")).isInstanceOf(InvalidInputException.class)
                .hasMessage("unable to find user nobody: no matching entries in passwd file");
    }

    private String idOf(String user) throws Exception {
        return run(ProcessSpec.of("id").withUser(user)).stdout().getFirst();
    }

    @Test
    void workingDirIsCreatedOwnedByTheUser() throws Exception {
        Output out = run(ProcessSpec.of("pwd").withCwd("/home/app/src").withUser("app"));
        assertThat(out).isEqualTo(new Output(0, List.of("/home/app/src"), List.of()));
        Path src = rootfs.resolve("home/app/src");
        assertThat(Files.getAttribute(src, "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(1000);
        assertThat(Files.getAttribute(src, "unix:gid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(1000);
        assertThat(Files.getAttribute(rootfs.resolve("home"), "unix:uid")).isEqualTo(1000);
    }

    @Test
    void hostnameAndEtcFilesAreThereButNotLeftInTheRootfs() throws Exception {
        Output out = sh("hostname; cat /etc/hostname; cat /etc/hosts; grep -c nameserver /etc/resolv.conf");
        assertThat(out.stdout()).startsWith(ProcessSpec.DEFAULT_HOSTNAME, ProcessSpec.DEFAULT_HOSTNAME,
                "127.0.0.1\tlocalhost " + ProcessSpec.DEFAULT_HOSTNAME);
        assertThat(Integer.parseInt(out.stdout().getLast())).isPositive();
        // nothingLeftBehind() checks that /etc/hosts, /etc/resolv.conf and /etc/hostname are gone again.
    }

    @Test
    void existingEtcFilesAreKept() throws Exception {
        Files.writeString(rootfs.resolve("etc/hosts"), "# the image's own\n");
        assertThat(sh("cat /etc/hosts").stdout().getFirst()).startsWith("127.0.0.1");
        assertThat(Files.readString(rootfs.resolve("etc/hosts"))).isEqualTo("# the image's own\n");
        Files.delete(rootfs.resolve("etc/hosts"));
    }

    @Test
    void whatTheProcessWritesStays() throws Exception {
        assertThat(sh("echo made > /made; mkdir -p /proc2; touch /etc/touched").exit()).isZero();
        assertThat(rootfs.resolve("made")).hasContent("made");
        assertThat(rootfs.resolve("etc/touched")).exists();
    }

    @Test
    void networkNoneHasOnlyLoopback() throws Exception {
        List<String> links = run(ProcessSpec.of("ip", "-o", "link").withNetwork(NetworkMode.NONE)).stdout();
        assertThat(links).hasSize(1);
        assertThat(links.getFirst()).contains(": lo:");
    }

    @Test
    void hostNetworkSeesTheHostsInterfaces() throws Exception {
        List<String> inside = run(ProcessSpec.of("ip", "-o", "link")).stdout();
        try (Stream<Path> net = Files.list(Path.of("/sys/class/net"))) {
            List<String> host = net.map(p -> p.getFileName().toString()).toList();
            assertThat(inside).hasSize(host.size());
            host.forEach(name -> assertThat(inside).anyMatch(l -> l.contains(": " + name + ":") || l.contains(": " + name + "@")));
        }
    }

    @Test
    void sysIsReadOnly() throws Exception {
        Output out = sh("echo x > /sys/kernel/uevent_helper");
        assertThat(out.exit()).isNotZero();
        assertThat(String.join("\n", out.stderr())).containsIgnoringCase("read-only");
    }

    @Test
    void capabilitiesAreDockersDefault() throws Exception {
        assertThat(sh("grep -E '^Cap(Eff|Bnd|Prm)' /proc/self/status").stdout()).containsExactly(
                "CapPrm:\t00000000a80425fb", "CapEff:\t00000000a80425fb", "CapBnd:\t00000000a80425fb");
    }

    @Test
    void standardDevicesExist() throws Exception {
        assertThat(sh("ls /dev").stdout()).contains("null", "zero", "full", "random", "urandom", "tty", "pts", "shm", "mqueue");
    }

    @Test
    void extraMountsArePluggedIn() throws Exception {
        Path shared = Files.createDirectories(dir.resolve("shared"));
        Files.writeString(shared.resolve("in"), "from the host\n");
        ProcessSpec spec = ProcessSpec.of("/bin/sh", "-c", "cat /mnt/ro/in; echo x > /mnt/ro/nope; echo y > /mnt/rw/out; echo z > /scratch/t && echo tmpfs ok")
                .withMounts(List.of(new RunMount.Bind(shared, "/mnt/ro", true), new RunMount.Bind(shared, "/mnt/rw", false),
                        new RunMount.Tmpfs("/scratch", 1 << 20)));
        Output out = run(spec);
        assertThat(out.stdout()).containsExactly("from the host", "tmpfs ok");
        assertThat(shared.resolve("out")).hasContent("y");
        assertThat(rootfs.resolve("mnt")).doesNotExist();
        assertThat(rootfs.resolve("scratch")).doesNotExist();
    }

    @Test
    void interruptingTheCallerKillsTheContainer() throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        Thread caller = Thread.ofPlatform().start(() -> {
            try {
                runtime.run(rootfs, ProcessSpec.of("/bin/sh", "-c", "echo started; sleep 100"), (s, l) -> seen.add(l));
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!seen.contains("started") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(seen).contains("started");
        assertThat(runc.list()).hasSize(1);
        long start = System.nanoTime();
        caller.interrupt();
        caller.join(20_000);
        assertThat(caller.isAlive()).isFalse();
        assertThat((System.nanoTime() - start) / 1_000_000_000L).isLessThan(10);
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        // nothingLeftBehind(): no container, no bundle, no mount, no stub.
    }

    @Test
    void cleanupStaleRemovesWhatADeadProcessLeft() throws Exception {
        // A run whose owner died: pid 4194304 is above the kernel's pid_max, so never alive.
        String id = "run-4194304-0a0b0c";
        Path bundle = Files.createDirectories(stateDir.resolve(id));
        ProcessSpec spec = ProcessSpec.of("sleep", "1000");
        for (String name : List.of("hosts", "resolv.conf", "hostname")) {
            Files.writeString(bundle.resolve(name), "\n");
        }
        var config = RuntimeSpec.build(spec, rootfs, new ResolvedUser(0, 0, List.of(), "/root"), bundle);
        MountStubs stubs = MountStubs.record(rootfs, config.mounts().stream().map(m -> m.destination()).toList());
        Files.writeString(bundle.resolve("stubs"), String.join("\n", stubs.paths().stream().map(Path::toString).toList()));
        Files.write(bundle.resolve("config.json"), dev.stevedore.runtime.spec.SpecJson.write(config));
        Process detached = new ProcessBuilder("runc", "--root", stateDir.resolve("runc").toString(), "run", "--detach",
                "--bundle", bundle.toString(), id)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertThat(detached.waitFor()).isZero();
        assertThat(runc.list()).containsExactly(id);
        assertThat(rootfs.resolve("proc")).exists();

        // A live run of this very process is left alone.
        Path live = Files.createDirectories(stateDir.resolve("run-" + ProcessHandle.current().pid() + "-live"));

        assertThat(runtime.cleanupStale()).containsExactly(id);
        assertThat(runc.list()).isEmpty();
        assertThat(bundle).doesNotExist();
        assertThat(live).exists();
        Files.delete(live);
    }

    @Test
    void cleanupStaleRemovesTheContainerOfADeadProcessWhoseBundleIsGone() throws Exception {
        // The bundle was removed, the container not (the build was killed in between).
        String id = "run-4194304-0d0e0f";
        Path other = Files.createDirectories(dir.resolve("other"));
        Path otherRootfs = BusyboxImage.rootfs(other);
        Path bundle = Files.createDirectories(other.resolve("bundle"));
        for (String name : List.of("hosts", "resolv.conf", "hostname")) {
            Files.writeString(bundle.resolve(name), "\n");
        }
        var config = RuntimeSpec.build(ProcessSpec.of("sleep", "1000"), otherRootfs,
                new ResolvedUser(0, 0, List.of(), "/root"), bundle);
        Files.write(bundle.resolve("config.json"), dev.stevedore.runtime.spec.SpecJson.write(config));
        Process detached = new ProcessBuilder("runc", "--root", stateDir.resolve("runc").toString(), "run", "--detach",
                "--bundle", bundle.toString(), id)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertThat(detached.waitFor()).isZero();
        assertThat(runc.list()).containsExactly(id);

        assertThat(runtime.cleanupStale()).containsExactly(id);
        assertThat(runc.list()).isEmpty();
    }
}
