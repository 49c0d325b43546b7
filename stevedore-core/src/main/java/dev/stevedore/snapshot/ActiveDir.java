package dev.stevedore.snapshot;

import dev.stevedore.linux.ErrnoException;
import dev.stevedore.linux.Mounts;
import dev.stevedore.store.StorePrivacy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The on-disk record of one mount, {@code active/<pid>-<random>/}: {@code owner} (pid and
 * process start time, against pid reuse), {@code lowers} (the short ids it mounts, one a
 * line: they may not be removed meanwhile), {@code upper/} and {@code work/} when writable,
 * and the mount point {@code merged/}. It exists before the mount is made and is removed only
 * after the mount is gone, so a process killed at any point leaves a record that
 * {@link Snapshotter#cleanupStale} can finish.
 */
record ActiveDir(Path dir) {

    private static final int EBUSY = 16;

    static ActiveDir create(Path activeRoot, List<String> lowerIds, boolean writable) throws IOException {
        StorePrivacy.createPrivateDirectories(activeRoot);
        ProcessHandle self = ProcessHandle.current();
        Path dir;
        while (true) {
            dir = activeRoot.resolve(self.pid() + "-" + TempNames.random());
            try {
                Files.createDirectory(dir, StorePrivacy.PRIVATE_DIRECTORY);
                break;
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // try another random part
            }
        }
        Files.writeString(dir.resolve("owner"), self.pid() + " "
                + self.info().startInstant().map(i -> Long.toString(i.toEpochMilli())).orElse("") + "\n");
        Files.writeString(dir.resolve("lowers"), String.join("\n", lowerIds) + "\n");
        ActiveDir active = new ActiveDir(dir);
        if (writable) {
            Files.createDirectory(active.upper());
            Files.createDirectory(active.work());
        }
        Files.createDirectory(active.merged());
        return active;
    }

    String id() {
        return dir.getFileName().toString();
    }

    Path upper() {
        return dir.resolve("upper");
    }

    Path work() {
        return dir.resolve("work");
    }

    Path merged() {
        return dir.resolve("merged");
    }

    /** The short ids of the snapshots this mount uses. */
    List<String> lowerIds() {
        try {
            return Files.readAllLines(dir.resolve("lowers"), StandardCharsets.UTF_8).stream()
                    .filter(line -> !line.isBlank()).toList();
        } catch (IOException e) {
            return List.of(); // being created or removed
        }
    }

    /** Whether the process that made this mount still runs (the same process, not a reused pid). */
    boolean ownerAlive() {
        Optional<ProcessHandle> process = TempNames.ownerPid(id()).flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            return false;
        }
        String[] owner;
        try {
            owner = Files.readString(dir.resolve("owner"), StandardCharsets.UTF_8).trim().split(" ");
        } catch (NoSuchFileException e) {
            return true; // its owner is still writing it
        } catch (IOException e) {
            return true;
        }
        Optional<Instant> started = process.get().info().startInstant();
        if (owner.length < 2 || started.isEmpty()) {
            return true;
        }
        return owner[1].equals(Long.toString(started.get().toEpochMilli()));
    }

    /** Unmounts {@code merged/} if something is mounted there; lazily when it is busy. */
    void unmount() throws IOException {
        Path merged = merged();
        while (MountTable.isMounted(merged)) {
            try {
                Mounts.umount2(merged, 0);
            } catch (ErrnoException e) {
                if (e.errno() != EBUSY) {
                    throw e;
                }
                Mounts.umount2(merged, Mounts.MNT_DETACH); // a process still inside: detach, it goes when they do
            }
        }
    }

    /** Unmounts and removes everything. */
    void destroy() throws IOException {
        unmount();
        dev.stevedore.fs.FileTrees.delete(dir);
    }
}
