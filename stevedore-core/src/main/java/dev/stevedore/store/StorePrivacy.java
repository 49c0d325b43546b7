package dev.stevedore.store;

import dev.stevedore.oci.Digest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Keeps a store private to its owner. Snapshots hold setuid-root binaries and files with
 * capabilities that images made, and blobs hold files a Dockerfile made 0600 (keys): a user who
 * could enter the store could run or read them. So the root and every directory of the store's
 * own (not the image content inside {@code snapshots/N/fs}, whose modes are the image's) are
 * 0700, and blobs and records 0600.
 *
 * <p>0700 rather than {@code /var/lib/docker}'s 0710: Docker lets the remapped root of
 * {@code userns-remap} containers (its group) traverse to their layers; Stevedore's containers
 * never look up host paths of the store (runc mounts everything before {@code pivot_root}, and
 * rootless stores are owned by the user whose namespace runs them), so nobody else needs to.
 */
public final class StorePrivacy {

    /** {@code rwx------}: what every directory of the store's own gets. */
    public static final FileAttribute<Set<PosixFilePermission>> PRIVATE_DIRECTORY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

    /** {@code rw-------}: what every file the store writes gets. */
    static final FileAttribute<Set<PosixFilePermission>> PRIVATE_FILE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    /** A path of the store that others could enter or read, with the mode it had. */
    public record Exposed(Path path, String mode) {}

    private StorePrivacy() {}

    /** Creates {@code dir} (and missing parents) mode 0700 — less if the umask says so. */
    public static Path createPrivateDirectories(Path dir) throws IOException {
        return Files.createDirectories(dir, PRIVATE_DIRECTORY);
    }

    /**
     * What opening a store checks and repairs, cheaply: the root and its top-level directories.
     * The root alone being 0700 keeps everyone else out of everything below.
     *
     * @return what was open to others and is now private
     */
    static List<Exposed> secureTop(StoreLayout layout) throws IOException {
        List<Exposed> fixed = new ArrayList<>();
        for (Path dir : top(layout)) {
            Optional<Exposed> exposed = exposed(dir);
            if (exposed.isPresent()) {
                makePrivate(dir);
                fixed.add(exposed.get());
            }
        }
        return fixed;
    }

    /**
     * What fsck checks: the top-level directories, every blob, cache record and lease (files the
     * store writes, under {@code <algorithm>/} directories; other packages' directories in
     * {@code cache/}, such as the context's stat cache, are theirs), and the directories right under {@code snapshots/} (one level: the image
     * content inside keeps its own modes). {@code tmp/} is staging, private itself; what other
     * packages stage there is theirs.
     */
    static List<Exposed> scan(StoreLayout layout) throws IOException {
        List<Exposed> found = new ArrayList<>();
        List<Path> paths = new ArrayList<>(top(layout));
        for (Path dir : List.of(layout.blobs(), layout.cache(), layout.leases())) {
            for (Path child : children(dir)) {
                boolean digestDir = Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)
                        && List.of(Digest.SHA256, Digest.SHA512).contains(child.getFileName().toString());
                if (digestDir) {
                    paths.add(child);
                    paths.addAll(children(child));
                } else if (!Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                    paths.add(child);
                }
            }
        }
        children(layout.snapshots()).stream().filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                .forEach(paths::add);
        for (Path path : paths.stream().distinct().toList()) {
            exposed(path).ifPresent(found::add);
        }
        return found;
    }

    /** Takes every permission of group and others away from {@code path} (never a symlink's target). */
    static void makePrivate(Path path) throws IOException {
        if (Files.isSymbolicLink(path)) {
            return;
        }
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
        mode.removeAll(OTHERS);
        Files.setPosixFilePermissions(path, mode);
    }

    private static List<Path> top(StoreLayout layout) {
        return List.of(layout.root(), layout.oci(), layout.blobs(), layout.snapshots(), layout.cache(),
                layout.leases(), layout.tmp());
    }

    /** The entries of {@code dir}; none when it is gone (a build removed it meanwhile). */
    private static List<Path> children(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.sorted().toList();
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }

    private static Optional<Exposed> exposed(Path path) throws IOException {
        PosixFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (attributes.isSymbolicLink()) {
            return Optional.empty();
        }
        Set<PosixFilePermission> mode = attributes.permissions();
        if (mode.stream().noneMatch(OTHERS::contains)) {
            return Optional.empty();
        }
        return Optional.of(new Exposed(path, PosixFilePermissions.toString(mode)));
    }
}
