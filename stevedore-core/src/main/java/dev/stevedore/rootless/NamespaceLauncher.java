package dev.stevedore.rootless;

import dev.stevedore.diag.UnavailableException;
import dev.stevedore.linux.Device;
import dev.stevedore.linux.FileCalls;
import dev.stevedore.runtime.RuntimeLocator;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Starts a command as root of a new user namespace (with a mount namespace of its own), the way
 * {@code buildah unshare} and rootlesskit do: the whole engine then runs there, so overlay mounts,
 * chown to an image's users and runc work as they do for the host's root, and what the engine
 * writes is owned on disk by the user and its subordinate ids.
 *
 * <p>A JVM cannot {@code unshare(CLONE_NEWUSER)} itself (it is multi-threaded), so util-linux's
 * {@code unshare} makes the namespaces and waits, through two FIFOs, while this process writes
 * the id maps from outside — with the setuid {@code newuidmap}/{@code newgidmap} for subordinate
 * ids (a process may map only its own id by itself), else directly as a single-id mapping.
 */
public final class NamespaceLauncher {

    /** Tells the parent the namespace exists, waits for its maps, then becomes the command. */
    private static final String HANDSHAKE = "echo > \"$1\" && read _ < \"$2\" && shift 2 && exec \"$@\"";

    private NamespaceLauncher() {}

    /**
     * The maps this user gets: its subordinate ids when {@code /etc/subuid} and {@code /etc/subgid}
     * grant some and {@code newuidmap} is installed, else a single-id mapping.
     *
     * @param warn told, as a sentence, why the mapping is single-id
     */
    public static Maps maps(Identity who, Consumer<String> warn) throws IOException {
        Optional<SubordinateIds> uids = SubordinateIds.of(Path.of("/etc/subuid"), who.name(), who.uid());
        Optional<SubordinateIds> gids = SubordinateIds.of(Path.of("/etc/subgid"), who.name(), who.gid());
        if (uids.isEmpty() || gids.isEmpty()) {
            warn.accept("user " + who.name() + " has no subordinate " + (uids.isEmpty() ? "uids in /etc/subuid" : "gids in /etc/subgid")
                    + ": rootless mode maps only root (a single-id mapping), so images with files of other owners"
                    + " cannot be unpacked and RUN cannot chown to other users (add a range, e.g. "
                    + "`usermod --add-subuids 100000-165535 --add-subgids 100000-165535 " + who.name() + "`)");
            return new Maps(IdMap.of(who.uid(), Optional.empty()), IdMap.of(who.gid(), Optional.empty()));
        }
        if (!onPath("newuidmap") || !onPath("newgidmap")) {
            warn.accept("newuidmap and newgidmap are not installed (Debian package uidmap): rootless mode maps only root"
                    + " (a single-id mapping), so images with files of other owners cannot be unpacked");
            return new Maps(IdMap.of(who.uid(), Optional.empty()), IdMap.of(who.gid(), Optional.empty()));
        }
        return new Maps(IdMap.of(who.uid(), uids), IdMap.of(who.gid(), gids));
    }

    /** The uid and gid maps of one namespace. */
    public record Maps(IdMap uids, IdMap gids) {
        public boolean single() {
            return uids.single() || gids.single();
        }
    }

    /**
     * Starts {@code command} in a new user and mount namespace with {@code maps}, its standard
     * streams this process's own. Returns once the maps are written: the command runs.
     */
    public static Process start(List<String> command, Maps maps) throws IOException {
        return start("unshare", command, maps);
    }

    /** As {@link #start(List, Maps)} with {@code unshare} the program that makes the namespaces. */
    static Process start(String unshare, List<String> command, Maps maps) throws IOException {
        Path dir = Files.createTempDirectory("stevedore-userns-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try {
            Path ready = dir.resolve("ready");
            Path go = dir.resolve("go");
            FileCalls.mknod(ready, FileCalls.S_IFIFO | 0600, new Device(0, 0));
            FileCalls.mknod(go, FileCalls.S_IFIFO | 0600, new Device(0, 0));
            // Both FIFOs are held open read-write from here on, which never blocks: a child that
            // dies at any moment (unshare refused, as in a chroot) cannot leave this process
            // waiting on an end nobody will open. Its death is written into 'ready' as a wake-up.
            FileChannel readyWake = FileChannel.open(ready, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileChannel readyRead = FileChannel.open(ready, StandardOpenOption.READ);
            FileChannel goWrite = FileChannel.open(go, StandardOpenOption.READ, StandardOpenOption.WRITE);
            List<String> argv = new ArrayList<>(List.of(unshare, "--user", "--mount", "--",
                    "/bin/sh", "-c", HANDSHAKE, "sh", ready.toString(), go.toString()));
            argv.addAll(command);
            Process child;
            try {
                child = new ProcessBuilder(argv).inheritIO().start();
            } catch (IOException e) {
                closeAll(readyWake, readyRead, goWrite);
                throw new UnavailableException("rootless mode needs util-linux's unshare: " + e.getMessage(), e);
            }
            child.onExit().thenRun(() -> {
                wake(readyWake);
                closeAll(readyWake, goWrite);
            });
            try (readyRead) {
                readyRead.read(ByteBuffer.allocate(1));
            }
            if (!child.isAlive()) {
                throw new UnavailableException("cannot create a user namespace for rootless mode (unshare exited with "
                        + child.waitFor() + "): unprivileged user namespaces may be off on this machine"
                        + " (sysctl user.max_user_namespaces, kernel.apparmor_restrict_unprivileged_userns),"
                        + " or this process runs in a chroot, where the kernel refuses them;"
                        + " run as root or with --isolation chroot");
            }
            try {
                write(child.pid(), "uid_map", "newuidmap", maps.uids());
                if (maps.gids().single()) {
                    // Without newgidmap the kernel takes a gid map only once setgroups is denied.
                    Files.writeString(Path.of("/proc", Long.toString(child.pid()), "setgroups"), "deny");
                }
                write(child.pid(), "gid_map", "newgidmap", maps.gids());
            } catch (IOException | RuntimeException e) {
                child.destroyForcibly();
                throw e;
            }
            // Stays in the FIFO while this process holds it open (until the child's exit).
            goWrite.write(ByteBuffer.wrap(new byte[] {'\n'}));
            return child;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("interrupted while starting rootless mode's user namespace", e);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    /** Writes {@code map} into the process's {@code file}, through {@code helper} unless it is a single id. */
    static void write(long pid, String file, String helper, IdMap map) throws IOException {
        if (map.single()) {
            Files.writeString(Path.of("/proc", Long.toString(pid), file), map.procText());
            return;
        }
        List<String> argv = new ArrayList<>(List.of(helper, Long.toString(pid)));
        argv.addAll(map.helperArguments());
        Process p;
        try {
            p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        } catch (IOException e) {
            // newuidmap/newgidmap hold CAP_SETUID/CAP_SETGID as file capabilities (or setuid root):
            // the kernel refuses to run them where those are outside the bounding set, as in a pod
            // that drops ALL (Kubernetes' restricted profile)
            throw new UnavailableException(helper + " cannot run here (" + e.getMessage().replaceFirst("^.*?error=\\d+, ", "")
                    + "), so rootless mode cannot map this user's subordinate ids: a container must keep SETUID and"
                    + " SETGID (and SETFCAP) for it, as deploy/kubernetes/job.yaml does; where that is not allowed,"
                    + " run as root without CAP_SYS_ADMIN with --isolation chroot", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        try {
            if (p.waitFor() != 0) {
                throw new UnavailableException(helper + " refused the mapping " + String.join(" ", map.helperArguments())
                        + ": " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException(helper + " was interrupted", e);
        }
    }

    /** Writes a byte into {@code fifo}, which wakes a reader of its other end. */
    private static void wake(FileChannel fifo) {
        try {
            fifo.write(ByteBuffer.wrap(new byte[] {'\n'}));
        } catch (IOException e) {
            // closed already: nobody waits on it
        }
    }

    private static void closeAll(FileChannel... channels) {
        for (FileChannel c : channels) {
            try {
                c.close();
            } catch (IOException e) {
                // a FIFO's end: nothing was buffered for this process to lose
            }
        }
    }

    private static boolean onPath(String tool) {
        return RuntimeLocator.find(tool, System.getenv().getOrDefault("PATH", "")).isPresent();
    }
}
