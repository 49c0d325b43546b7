package dev.stevedore.layer;

import static dev.stevedore.layer.MemberPaths.quote;

import dev.stevedore.archive.TarEntry;
import dev.stevedore.archive.TarReader;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.linux.Device;
import dev.stevedore.linux.ErrnoException;
import dev.stevedore.linux.FileCalls;
import dev.stevedore.linux.UserNamespace;
import dev.stevedore.linux.Xattrs;
import dev.stevedore.oci.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;

/**
 * Extracts a layer blob (gzip, zstd or plain tar, recognized by content) into a directory.
 *
 * <p>This is a security boundary: layers come from untrusted images. Nothing is ever written
 * outside the target directory: names are cleaned and may not climb out with {@code ..};
 * parent directories are resolved inside the target ({@link MemberPaths}), so a symlink,
 * planted earlier in the same layer or already there, can never carry a write to the host;
 * the last component is never followed; hard links may only name what is inside the target.
 * Refusals are {@link InvalidInputException}s that name the member.
 *
 * <p>Owners (when running as root), modes with setuid/setgid/sticky, mtimes (directories'
 * after their contents), xattrs, symlinks, hard links, devices and FIFOs are restored.
 * Whiteouts are handled as {@link Whiteouts} says.
 */
public final class LayerApplier {

    private static final List<String> XATTR_NAMESPACES = List.of("user.", "trusted.", "security.", "system.");
    /** Argument list too long: what lsetxattr says of a value over 64 KiB. */
    private static final int E2BIG = 7;

    private final MemberPaths paths;
    private final Whiteouts whiteouts;
    private final boolean root = FileCalls.getuid() == 0;
    /**
     * What this layer created, which an opaque whiteout must keep (it hides only what lower layers
     * had). Only {@link Whiteouts#DELETE} deletes for an opaque whiteout, so only it remembers, and
     * as fingerprints (about 16 bytes a member): a snapshot's extraction ({@link Whiteouts#OVERLAY})
     * keeps no state per member, and a layer of a million files needs no more heap than one of ten.
     */
    private final CreatedPaths created = new CreatedPaths();
    /**
     * The directories of this layer on the way to the member being applied, outermost first. Their
     * times are set as the walk leaves them (creating a member changes its directory's mtime), so
     * the applier keeps state for the depth of the tree, not for each directory: a layer of a million
     * directories needs no more heap than one of ten. A member put into a directory that is not the
     * innermost open one (a tar out of order, or a directory of a lower layer) leaves that
     * directory's times as they were.
     */
    private final ArrayDeque<DirectoryTime> open = new ArrayDeque<>();

    private record DirectoryTime(Path directory, Instant mtime) {}

    /** A directory's times before a member changed it, to put back. */
    private record Times(Path directory, Instant atime, Instant mtime) {}

    private LayerApplier(Path target, Whiteouts whiteouts) {
        this.paths = new MemberPaths(target);
        this.whiteouts = whiteouts;
    }

    /**
     * Applies the layer read from {@code blob} onto {@code target} (an existing directory).
     *
     * @return the layer's diffID: the sha256 of its uncompressed tar, all of it
     */
    public static Digest apply(InputStream blob, Path target, Whiteouts whiteouts) throws IOException {
        if (!Files.isDirectory(target)) {
            throw new InvalidInputException("cannot apply a layer onto " + target + ": not a directory");
        }
        LayerApplier applier = new LayerApplier(target.toAbsolutePath().normalize(), whiteouts);
        DigestingInputStream tar = new DigestingInputStream(TarReader.decompressed(blob));
        TarReader reader = new TarReader(tar);
        for (Optional<TarEntry> e = reader.next(); e.isPresent(); e = reader.next()) {
            applier.applyEntry(e.get(), reader.content());
        }
        applier.setDirectoryTimes();
        return tar.digest();
    }

    /**
     * In a user namespace (rootless mode) the kernel refuses mknod of a device (a Debian root made
     * by debootstrap has /dev/null, /dev/full…), so those members are left out of the snapshot;
     * a RUN gets its /dev from the runtime anyway, and the layer's blob, which keeps them, is the
     * image's, not re-written. Whiteouts (0/0 devices) are allowed, and still made.
     */
    private static final boolean DEVICES_REFUSED = UserNamespace.current().rootless();

    private void applyEntry(TarEntry entry, InputStream content) throws IOException {
        List<String> parts = MemberPaths.clean(entry.name(), entry.name());
        if (parts.isEmpty()) {
            return; // the root itself: its owner and mode are the caller's
        }
        String base = parts.getLast();
        if (base.startsWith(Whiteouts.PREFIX) && whiteouts != Whiteouts.NONE) {
            applyWhiteout(entry, parts, base);
            return;
        }
        if (DEVICES_REFUSED && (entry.type() == TarEntry.Type.CHAR_DEVICE || entry.type() == TarEntry.Type.BLOCK_DEVICE)) {
            return; // skipped, as moby's and containers/storage's appliers do in a user namespace
        }
        Path parent = paths.parentOf(parts, true, entry.name()).orElseThrow();
        Path path = parent.resolve(base);
        Optional<Times> parentTimes = enter(path);
        BasicFileAttributes existing = MemberPaths.lstat(path);
        boolean keepDirectory = existing != null && existing.isDirectory() && entry.type() == TarEntry.Type.DIRECTORY;
        if (existing != null && !keepDirectory) {
            if (entry.type() == TarEntry.Type.HARDLINK && path.equals(hardLinkTarget(entry))) {
                return; // a link to itself: already there
            }
            delete(path);
        }
        create(entry, path, content, keepDirectory);
        remember(path);
        if (entry.type() != TarEntry.Type.HARDLINK) {
            restoreMetadata(entry, path);
        }
        restore(parentTimes);
    }

    /**
     * Leaves (setting their times) the open directories {@code path} is not inside, and says what
     * times to put back on {@code path}'s directory when it is not the innermost open one.
     */
    private Optional<Times> enter(Path path) throws IOException {
        while (!open.isEmpty() && (!path.startsWith(open.peekLast().directory()) || path.equals(open.peekLast().directory()))) {
            leave(open.removeLast());
        }
        Path parent = path.getParent();
        if (!open.isEmpty() && open.peekLast().directory().equals(parent)) {
            return Optional.empty();
        }
        BasicFileAttributes attrs = MemberPaths.lstat(parent);
        return attrs == null || !attrs.isDirectory() ? Optional.empty()
                : Optional.of(new Times(parent, attrs.lastAccessTime().toInstant(), attrs.lastModifiedTime().toInstant()));
    }

    private static void restore(Optional<Times> times) throws IOException {
        if (times.isPresent() && Files.isDirectory(times.get().directory(), LinkOption.NOFOLLOW_LINKS)) {
            FileCalls.lutimes(times.get().directory(), times.get().atime(), times.get().mtime());
        }
    }

    private static void leave(DirectoryTime directory) throws IOException {
        if (Files.isDirectory(directory.directory(), LinkOption.NOFOLLOW_LINKS)) {
            FileCalls.lutimes(directory.directory(), directory.mtime(), directory.mtime());
        }
    }

    private void create(TarEntry entry, Path path, InputStream content, boolean keepDirectory) throws IOException {
        switch (entry.type()) {
            case FILE -> {
                // CREATE_NEW is O_CREAT|O_EXCL: it fails rather than follow a symlink put there meanwhile.
                try (OutputStream out = Files.newOutputStream(path, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE)) {
                    content.transferTo(out);
                }
            }
            case DIRECTORY -> {
                if (!keepDirectory) {
                    Files.createDirectory(path);
                }
            }
            case SYMLINK -> Files.createSymbolicLink(path, linkPath(entry));
            case HARDLINK -> Files.createLink(path, hardLinkTarget(entry));
            case CHAR_DEVICE -> FileCalls.mknod(path, FileCalls.S_IFCHR | (entry.mode() & 0777), device(entry));
            case BLOCK_DEVICE -> FileCalls.mknod(path, FileCalls.S_IFBLK | (entry.mode() & 0777), device(entry));
            case FIFO -> FileCalls.mknod(path, FileCalls.S_IFIFO | (entry.mode() & 0777), new Device(0, 0));
        }
    }

    private static Path linkPath(TarEntry entry) {
        try {
            return Path.of(entry.linkName());
        } catch (InvalidPathException e) {
            throw new InvalidInputException("layer member " + quote(entry.name()) + " is a symlink to an invalid name", e);
        }
    }

    /** The existing, non-directory file a hard link names, resolved inside the target. */
    private Path hardLinkTarget(TarEntry entry) throws IOException {
        List<String> parts = MemberPaths.clean(entry.linkName(), entry.name() + " -> " + entry.linkName());
        if (parts.isEmpty()) {
            throw new InvalidInputException("layer member " + quote(entry.name()) + " is a hard link to the target directory itself");
        }
        Optional<Path> parent = paths.parentOf(parts, false, entry.name());
        Path target = parent.map(p -> p.resolve(parts.getLast())).orElse(null);
        BasicFileAttributes attrs = target == null ? null : MemberPaths.lstat(target);
        if (attrs == null) {
            throw new InvalidInputException("layer member " + quote(entry.name()) + " is a hard link to "
                    + quote(entry.linkName()) + ", which is not in the layer or below it");
        }
        if (attrs.isDirectory()) {
            throw new InvalidInputException("layer member " + quote(entry.name()) + " is a hard link to the directory "
                    + quote(entry.linkName()));
        }
        return target;
    }

    /**
     * A name outside Linux's namespaces, or one the kernel calls invalid or too long, is the
     * layer's fault (found by fuzzing: {@code SCHILY.xattr.usee6k}), not an I/O error.
     */
    private static void setXattr(TarEntry entry, Path path, String name, byte[] value) throws IOException {
        if (XATTR_NAMESPACES.stream().noneMatch(ns -> name.startsWith(ns) && name.length() > ns.length())) {
            throw new InvalidInputException("layer member " + quote(entry.name()) + " has an extended attribute "
                    + quote(name) + " outside the user., trusted., security. and system. namespaces");
        }
        try {
            Xattrs.set(path, name, value);
        } catch (ErrnoException e) {
            if (e.errno() != ErrnoException.EINVAL && e.errno() != ErrnoException.ERANGE && e.errno() != E2BIG) {
                throw e;
            }
            throw new InvalidInputException("layer member " + quote(entry.name()) + " has an invalid extended attribute "
                    + quote(name) + " (" + value.length + " bytes): " + e.getMessage(), e);
        }
    }

    private static Device device(TarEntry entry) {
        if (entry.devMajor() > 0xffff_ffffL || entry.devMinor() > 0xffff_ffffL) {
            throw new InvalidInputException("layer member " + quote(entry.name()) + " has an invalid device number "
                    + entry.devMajor() + ":" + entry.devMinor());
        }
        return new Device(entry.devMajor(), entry.devMinor());
    }

    private void restoreMetadata(TarEntry entry, Path path) throws IOException {
        if (root) {
            if (entry.uid() > 0xffff_fffeL || entry.gid() > 0xffff_fffeL) {
                throw new InvalidInputException("layer member " + quote(entry.name()) + " has an invalid owner "
                        + entry.uid() + ":" + entry.gid());
            }
            FileCalls.lchown(path, (int) entry.uid(), (int) entry.gid());
        }
        for (var xattr : entry.xattrs().entrySet()) {
            if (!SourceFile.isPrivate(xattr.getKey())) { // a layer may not forge overlay whiteouts
                setXattr(entry, path, xattr.getKey(), xattr.getValue());
            }
        }
        if (entry.type() != TarEntry.Type.SYMLINK) {
            FileCalls.chmod(path, entry.mode()); // after lchown, which clears setuid and setgid
        }
        if (entry.type() == TarEntry.Type.DIRECTORY) {
            open.addLast(new DirectoryTime(path, entry.mtime()));
        } else {
            FileCalls.lutimes(path, entry.mtime(), entry.mtime());
        }
    }

    private void remember(Path path) {
        if (whiteouts == Whiteouts.DELETE) {
            created.add(path);
        }
    }

    private void applyWhiteout(TarEntry entry, List<String> parts, String base) throws IOException {
        boolean opaque = base.equals(Whiteouts.OPAQUE);
        if (!opaque && base.startsWith(Whiteouts.META_PREFIX)) {
            return;
        }
        String hidden = base.substring(Whiteouts.PREFIX.length());
        if (!opaque && (hidden.isEmpty() || hidden.equals(".") || hidden.equals(".."))) {
            throw new InvalidInputException("layer member " + quote(entry.name()) + " is an invalid whiteout");
        }
        Optional<Path> parent = paths.parentOf(parts, whiteouts == Whiteouts.OVERLAY, entry.name());
        if (parent.isEmpty()) {
            return; // nothing below to hide
        }
        Optional<Times> parentTimes = enter(parent.get().resolve(base));
        switch (whiteouts) {
            case OVERLAY -> {
                if (opaque) {
                    Xattrs.set(parent.get(), Whiteouts.overlayOpaque(), new byte[] {'y'});
                } else {
                    Path path = parent.get().resolve(hidden);
                    if (MemberPaths.lstat(path) != null) {
                        delete(path);
                    }
                    FileCalls.mknod(path, FileCalls.S_IFCHR, new Device(0, 0));
                }
            }
            case NONE -> throw new IllegalStateException("a whiteout applied with Whiteouts.NONE");
            case DELETE -> {
                if (opaque) {
                    for (Path child : LayerWriter.sortedChildren(parent.get())) {
                        if (!created.contains(child)) {
                            delete(child);
                        }
                    }
                } else {
                    Path path = parent.get().resolve(hidden);
                    if (MemberPaths.lstat(path) != null) {
                        delete(path);
                    }
                }
            }
        }
        restore(parentTimes);
    }

    /** Deletes {@code path} and, if a directory, all under it; symlinks are removed, never followed. */
    private void delete(Path path) throws IOException {
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** The directories still open at the end of the layer, deepest first. */
    private void setDirectoryTimes() throws IOException {
        while (!open.isEmpty()) {
            leave(open.removeLast());
        }
    }
}
