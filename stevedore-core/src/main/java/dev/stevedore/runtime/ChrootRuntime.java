package dev.stevedore.runtime;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.diag.UnavailableException;
import dev.stevedore.fs.RootedPaths;
import dev.stevedore.linux.ErrnoException;
import dev.stevedore.linux.Mounts;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code --isolation chroot}: RUN as Buildah's chroot isolation and Kaniko run it, where
 * namespaces are forbidden. The process runs with the step's root filesystem as its root
 * directory, as the resolved user, in the working directory, with the step's environment —
 * and nothing else of a container: no new mount, pid, network, ipc, uts or user namespace, no
 * capability dropped, no seccomp filter, no cgroup. The host's {@code /dev} and {@code /proc}
 * are bound into the root for the run (in the caller's mount namespace, removed after it).
 *
 * <p>So a RUN sees every process of the machine in {@code /proc} and may signal those of its
 * user, shares the host's network (only {@code --network host} is accepted), and, as root, keeps
 * root's capabilities: a root RUN can leave a chroot. It is isolation of files only, for
 * Dockerfiles one trusts, as Buildah documents its own. {@code RUN --mount}'s mounts are bound
 * into the root as {@code /dev} is, for the run only (a cache mount keeps {@code ~/.m2} warm here
 * too); where there is no mount privilege at all they are refused, not left out: a RUN without its
 * cache or secret would write into the image what belongs outside it.
 *
 * <p>util-linux's {@code unshare --root --wd -S -G}, with no namespace flag, makes the chroot:
 * a JVM cannot chroot a child between fork and exec. Supplementary groups are dropped (it clears
 * them), where runc would give the user's groups from the image's {@code /etc/group}.
 */
public final class ChrootRuntime implements ContainerRuntime {

    private static final long KILL_GRACE_SECONDS = 5;

    @Override
    public int run(Path rootfs, ProcessSpec process, OutputListener output) throws IOException, InterruptedException {
        if (process.network() != NetworkMode.HOST) {
            throw new InvalidInputException("--isolation chroot shares the host's network: add --network host"
                    + " (a private network or none needs the default isolation, oci)");
        }
        if (!process.stdio().equals(Stdio.PIPED)) {
            throw new InvalidInputException("--isolation chroot runs build steps only: a terminal or the caller's"
                    + " input needs the default isolation, oci");
        }
        Path root = rootfs.toAbsolutePath();
        ResolvedUser user = Users.resolve(root, process.user());
        WorkingDir.create(root, process.cwd(), user);
        List<String> targets = new ArrayList<>(List.of("/dev", "/proc"));
        process.mounts().forEach(m -> targets.add(m.target()));
        MountStubs stubs = MountStubs.record(root, targets);
        List<Path> mounted = new ArrayList<>();
        try {
            // the host's /proc itself: with no pid namespace a fresh one would show the same, and
            // in a rootless namespace the kernel allows only the bind
            for (String host : List.of("/dev", "/proc")) {
                Path target = Files.createDirectories(RootedPaths.resolve(root, host, "the root filesystem"));
                try {
                    Mounts.mount(host, target, null, Mounts.MS_BIND | Mounts.MS_REC, null);
                    mounted.add(target);
                } catch (ErrnoException e) {
                    if (e.errno() != ErrnoException.EPERM) {
                        throw e;
                    }
                    // no mount privilege at all (Kaniko's case: root of a container without
                    // CAP_SYS_ADMIN): RUN goes on with the image's own /dev and /proc, and says so
                    output.line(OutputListener.Stream.STDERR, "stevedore: --isolation chroot cannot bind the host's "
                            + host + " here (no mount privilege): RUN sees the image's " + host);
                }
            }
            for (RunMount m : process.mounts()) {
                mounted.add(mount(root, m));
            }
            return runChrooted(root, process, user, output);
        } finally {
            for (Path m : mounted.reversed()) {
                Mounts.umount2(m, Mounts.MNT_DETACH);
            }
            stubs.remove();
        }
    }

    /** Binds (or mounts a tmpfs for) one {@code RUN --mount} at its target inside {@code root}, made when missing. */
    private static Path mount(Path root, RunMount m) throws IOException {
        Path target = RootedPaths.resolve(root, m.target(), "the root filesystem");
        try {
            switch (m) {
                case RunMount.Bind b -> {
                    if (Files.isDirectory(b.source())) {
                        Files.createDirectories(target);
                    } else if (!Files.exists(target)) {
                        Files.createDirectories(target.getParent());
                        Files.createFile(target);
                    }
                    Mounts.mount(b.source().toString(), target, null, Mounts.MS_BIND | Mounts.MS_REC, null);
                    if (b.readOnly()) {
                        Mounts.mount("none", target, null, Mounts.MS_REMOUNT | Mounts.MS_BIND | Mounts.MS_RDONLY, null);
                    }
                }
                case RunMount.Tmpfs t -> {
                    Files.createDirectories(target);
                    Mounts.mount("tmpfs", target, "tmpfs", Mounts.MS_NOSUID | Mounts.MS_NODEV,
                            t.sizeBytes() == 0 ? null : "size=" + t.sizeBytes());
                }
            }
            return target;
        } catch (ErrnoException e) {
            if (e.errno() != ErrnoException.EPERM) {
                throw e;
            }
            throw new InvalidInputException("RUN --mount (" + m.target() + ") needs mount privilege with --isolation"
                    + " chroot, and there is none here (no CAP_SYS_ADMIN, no user namespace)");
        }
    }

    private static int runChrooted(Path root, ProcessSpec spec, ResolvedUser user, OutputListener output)
            throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("unshare", "--root=" + root, "--wd=" + spec.cwd(),
                "--setuid", Integer.toString(user.uid()), "--setgid", Integer.toString(user.gid()), "--"));
        argv.addAll(spec.args());
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().clear();
        // PATH, HOSTNAME and HOME as runc's process gets them (go build needs a HOME for its cache)
        for (String entry : Environment.complete(spec.env(), spec.hostname(), user.home())) {
            int eq = entry.indexOf('=');
            pb.environment().put(entry.substring(0, eq), entry.substring(eq + 1));
        }
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UnavailableException("--isolation chroot needs util-linux's unshare: " + e.getMessage(), e);
        }
        OutputPump out = OutputPump.start(process.getInputStream(), OutputListener.Stream.STDOUT, output);
        OutputPump err = OutputPump.start(process.getErrorStream(), OutputListener.Stream.STDERR, output);
        byte[] stdin = spec.stdin();
        Thread.ofVirtual().name("chroot-stdin").start(() -> feed(process.getOutputStream(), stdin));
        try {
            int code = process.waitFor();
            out.join();
            err.join();
            return code;
        } catch (InterruptedException e) {
            // no pid namespace to kill with it: the process and whatever it started, one by one
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(KILL_GRACE_SECONDS, TimeUnit.SECONDS);
            throw e;
        }
    }

    private static void feed(OutputStream in, byte[] bytes) {
        try (in) {
            in.write(bytes);
        } catch (IOException e) {
            // the process closed its stdin first, as with a shell pipe
        }
    }

    /** Nothing outlives a chroot run but its processes, which die with the build's own. */
    @Override
    public List<String> cleanupStale() {
        return List.of();
    }
}
