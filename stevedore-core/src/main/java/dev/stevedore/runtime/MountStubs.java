package dev.stevedore.runtime;

import dev.stevedore.fs.RootedPaths;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The mount points a run needs but its root filesystem lacks. The OCI runtime creates them (an
 * empty directory, or an empty file for a file bind mount such as {@code /etc/hosts}); they are
 * recorded before the run and removed after it, as BuildKit's {@code MountStubsCleaner} does, so
 * an image without {@code /proc} or {@code /etc/hosts} gets none in the layer of a RUN step.
 *
 * <p>Only empty stubs are removed: whatever the process wrote there stays. The modification
 * times of the directories that held them are restored. A stub is recorded as a host path, one
 * per line in the bundle's {@code stubs} file, so a later {@code cleanupStale} can finish the job
 * of a killed run.
 */
final class MountStubs {

    private final List<Path> created;
    private final Map<Path, FileTime> parentTimes;

    private MountStubs(List<Path> created, Map<Path, FileTime> parentTimes) {
        this.created = List.copyOf(created);
        this.parentTimes = parentTimes;
    }

    /** Records which of the paths (and their parents) up to each mount target do not exist yet. */
    static MountStubs record(Path rootfs, List<String> targets) throws IOException {
        List<Path> missing = new ArrayList<>();
        Map<Path, FileTime> parentTimes = new LinkedHashMap<>();
        for (String target : targets) {
            String prefix = "";
            for (String name : target.split("/")) {
                if (name.isEmpty()) {
                    continue;
                }
                prefix = prefix + "/" + name;
                Path host = RootedPaths.resolve(rootfs, prefix, "the root filesystem");
                if (!Files.exists(host, LinkOption.NOFOLLOW_LINKS) && !missing.contains(host)) {
                    Path parent = host.getParent();
                    if (!missing.contains(parent) && Files.isDirectory(parent)) {
                        parentTimes.putIfAbsent(parent, Files.getLastModifiedTime(parent));
                    }
                    missing.add(host);
                }
            }
        }
        return new MountStubs(missing, parentTimes);
    }

    /** Stubs read back from a bundle's {@code stubs} file; parent times are not known there. */
    static MountStubs of(List<Path> created) {
        return new MountStubs(created, Map.of());
    }

    List<Path> paths() {
        return created;
    }

    /** Removes the empty stubs, deepest first, then restores the parents' modification times. */
    void remove() throws IOException {
        for (Path stub : created.reversed()) {
            removeIfEmpty(stub);
        }
        for (Map.Entry<Path, FileTime> e : parentTimes.entrySet()) {
            if (Files.isDirectory(e.getKey(), LinkOption.NOFOLLOW_LINKS)) {
                Files.setLastModifiedTime(e.getKey(), e.getValue());
            }
        }
    }

    private static void removeIfEmpty(Path stub) throws IOException {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(stub, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return;
        }
        boolean emptyFile = attrs.isRegularFile() && attrs.size() == 0;
        if (emptyFile || attrs.isDirectory()) {
            try {
                Files.delete(stub);
            } catch (DirectoryNotEmptyException e) {
                // The process put something there: it belongs to the layer.
            }
        }
    }
}
