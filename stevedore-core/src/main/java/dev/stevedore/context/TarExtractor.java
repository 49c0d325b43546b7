package dev.stevedore.context;

import dev.stevedore.archive.TarEntry;
import dev.stevedore.archive.TarReader;
import dev.stevedore.diag.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Extracts a build context tar into an empty private directory, treating it as hostile: an
 * entry naming a path above the root ({@code ../x}) is refused; a leading {@code /} is dropped;
 * parent directories are resolved like a chroot ({@link ContextResolver}), so an entry under a
 * symlink (even {@code evil -> /}) lands inside the root; hard links must name a regular file
 * already extracted. Symlinks are written as they are: nothing ever follows them out of the
 * context. Devices and fifos are skipped. Permission bits (not setuid/setgid/sticky) and mtimes
 * are kept; owners are those of the extracting user. Read with the project's tar codec
 * ({@link TarReader}), whose errors name the build context archive.
 */
final class TarExtractor {

    private record DirMode(Path dir, int mode) {}

    private final Path root;
    private final ContextResolver resolver;
    private final List<DirMode> dirModes = new ArrayList<>();

    private TarExtractor(Path root) {
        this.root = root;
        this.resolver = new ContextResolver(root);
    }

    /**
     * Extracts the (uncompressed) tar {@code in} into {@code root}.
     *
     * @throws InvalidInputException when the archive is malformed or an entry is refused, naming it
     */
    static void extract(InputStream in, Path root) throws IOException {
        TarExtractor x = new TarExtractor(root);
        TarReader tar = new TarReader(in, "the build context archive");
        for (Optional<TarEntry> e = tar.next(); e.isPresent(); e = tar.next()) {
            x.extractEntry(tar, e.get());
        }
        // last, and deepest first, so a read-only directory did not stop its own contents
        for (DirMode d : x.dirModes.reversed()) {
            Files.setPosixFilePermissions(d.dir, permissions(d.mode));
        }
    }

    private void extractEntry(TarReader tar, TarEntry e) throws IOException {
        String name = e.name();
        String cleaned = GoPath.clean(name.startsWith("/") ? name.substring(1) : name);
        if (cleaned.equals("..") || cleaned.startsWith("../")) {
            throw refused(name, "it points outside the context");
        }
        if (cleaned.equals(".")) {
            return;
        }
        switch (e.type()) {
            case DIRECTORY -> {
                Path target = prepare(name, cleaned, true);
                Files.createDirectories(target);
                dirModes.add(new DirMode(target, e.mode()));
                setMtime(target, e);
            }
            case SYMLINK -> Files.createSymbolicLink(prepare(name, cleaned, false), hostPath(name, e.linkName()));
            case HARDLINK -> {
                Path target = prepare(name, cleaned, false);
                Files.createLink(target, hardLinkTarget(name, e.linkName()));
            }
            case FILE -> {
                Path target = prepare(name, cleaned, false);
                Files.copy(tar.content(), target);
                Files.setPosixFilePermissions(target, permissions(e.mode()));
                setMtime(target, e);
            }
            case CHAR_DEVICE, BLOCK_DEVICE, FIFO -> {
                // a context has no use for them
            }
        }
    }

    private static void setMtime(Path target, TarEntry e) throws IOException {
        Files.getFileAttributeView(target, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setTimes(FileTime.from(e.mtime()), null, null);
    }

    /** The host path for the entry, its parent created inside the root and any old entry removed. */
    private Path prepare(String name, String cleaned, boolean directory) throws IOException {
        int slash = cleaned.lastIndexOf('/');
        ContextPath parent = resolver.resolve(slash < 0 ? "." : cleaned.substring(0, slash), true);
        try {
            Files.createDirectories(parent.hostPath());
        } catch (FileAlreadyExistsException ex) {
            throw refused(name, "its parent is not a directory");
        }
        Path target = parent.hostPath().resolve(cleaned.substring(slash + 1));
        boolean isDir = Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS);
        if (!(directory && isDir)) {
            try {
                Files.deleteIfExists(target);
            } catch (DirectoryNotEmptyException ex) {
                throw refused(name, "it would replace a directory that is not empty");
            }
        }
        return target;
    }

    private Path hardLinkTarget(String name, String linkName) {
        String cleaned = GoPath.clean(linkName.startsWith("/") ? linkName.substring(1) : linkName);
        if (cleaned.equals("..") || cleaned.startsWith("../")) {
            throw refused(name, "its link target \"" + linkName + "\" points outside the context");
        }
        ContextPath linked = resolver.resolve(cleaned, false);
        if (!Files.isRegularFile(linked.hostPath(), LinkOption.NOFOLLOW_LINKS)) {
            throw refused(name, "its link target \"" + linkName + "\" is not a file extracted before it");
        }
        return linked.hostPath();
    }

    private static Path hostPath(String name, String text) {
        try {
            return Path.of(text);
        } catch (InvalidPathException ex) {
            throw refused(name, "its link target is not a valid path");
        }
    }

    private static InvalidInputException refused(String name, String why) {
        return new InvalidInputException("build context archive entry \"" + name + "\" is refused: " + why);
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
        };
        for (int bit = 0; bit < order.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                perms.add(order[bit]);
            }
        }
        return perms;
    }
}
