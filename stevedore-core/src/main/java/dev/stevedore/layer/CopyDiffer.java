package dev.stevedore.layer;

import dev.stevedore.linux.Device;
import dev.stevedore.linux.FileCalls;
import dev.stevedore.linux.Xattrs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The native (copying) snapshotter's diff: a step wrote into a plain copy of its layers,
 * {@code merged}, beside an untouched copy, {@code base}; this moves what changed into an
 * overlay upper dir as overlayfs would have left it — changed and new entries, a 0/0 character
 * device for each deleted one, the directories above them with their new metadata, a new
 * directory over a deleted non-directory marked opaque — so that {@link OverlayDiffer} writes the
 * very layer an overlay step would have, and the upper dir becomes the step's snapshot as an
 * overlay one does.
 *
 * <p>Unlike overlayfs a copy cannot tell a directory removed and made again from one whose
 * children were removed: the first is an opaque directory in an overlay layer, here whiteouts of
 * the children that went. The trees are equal; the layer's bytes (and so the image's id) differ.
 */
public final class CopyDiffer {

    private CopyDiffer() {}

    /**
     * Moves the changes of {@code merged} against {@code base} into {@code upper} (an existing
     * empty directory on {@code merged}'s file system); {@code merged} is left incomplete.
     */
    public static void toUpper(Path merged, Path base, Path upper) throws IOException {
        dir(merged, base, upper);
    }

    /** Whether anything went into {@code upper} (which is created only then). */
    private static boolean dir(Path merged, Path base, Path upper) throws IOException {
        Set<String> names = new TreeSet<>(names(merged));
        boolean changed = false;
        for (String gone : names(base)) {
            if (!names.contains(gone)) {
                ensureDir(upper);
                FileCalls.mknod(upper.resolve(gone), FileCalls.S_IFCHR, new Device(0, 0));
                changed = true;
            }
        }
        for (String name : names) {
            Path now = merged.resolve(name);
            Path before = base.resolve(name);
            SourceFile after = SourceFile.lstat(now);
            if (!Files.exists(before, LinkOption.NOFOLLOW_LINKS)) {
                ensureDir(upper);
                Files.move(now, upper.resolve(name), StandardCopyOption.ATOMIC_MOVE);
                changed = true;
                continue;
            }
            SourceFile earlier = SourceFile.lstat(before);
            if (after.type() == SourceFile.S_IFDIR && earlier.type() == SourceFile.S_IFDIR) {
                boolean inside = dir(now, before, upper.resolve(name));
                if (inside || !sameMetadata(after, earlier)) {
                    ensureDir(upper);
                    Files.createDirectories(upper.resolve(name));
                    copyMetadata(after, upper.resolve(name));
                    changed = true;
                }
            } else if (after.type() != earlier.type() || !sameMetadata(after, earlier) || !sameContent(after, earlier)) {
                ensureDir(upper);
                Files.move(now, upper.resolve(name), StandardCopyOption.ATOMIC_MOVE);
                if (after.type() == SourceFile.S_IFDIR) { // over a file: overlayfs hides what is below
                    Xattrs.set(upper.resolve(name), Whiteouts.overlayOpaque(), new byte[] {'y'});
                }
                changed = true;
            }
        }
        return changed;
    }

    private static List<String> names(Path dir) throws IOException {
        return LayerWriter.sortedChildren(dir).stream().map(p -> p.getFileName().toString()).toList();
    }

    private static void ensureDir(Path upper) throws IOException {
        Files.createDirectories(upper);
    }

    /** Type, mode, owner, mtime, xattrs, and for files their size and links (a new hard link copies its file up). */
    private static boolean sameMetadata(SourceFile a, SourceFile b) throws IOException {
        if (a.mode() != b.mode() || a.uid() != b.uid() || a.gid() != b.gid() || !a.mtime().equals(b.mtime())
                || a.rdev() != b.rdev()) {
            return false;
        }
        if (a.type() == SourceFile.S_IFREG && (a.size() != b.size() || a.nlink() != b.nlink())) {
            return false;
        }
        return OverlayDiffer.sameXattrs(a, b);
    }

    /**
     * Symlink targets, and a regular file's bytes when its mtime has no fraction of a second:
     * both copies came from whole-second tar times, so a written file has a fraction unless it was
     * given a time ({@code touch -d}); only then are the bytes read.
     */
    private static boolean sameContent(SourceFile a, SourceFile b) throws IOException {
        if (a.type() == SourceFile.S_IFLNK) {
            return Files.readSymbolicLink(a.path()).equals(Files.readSymbolicLink(b.path()));
        }
        if (a.type() != SourceFile.S_IFREG || a.mtime().toInstant().getNano() != 0) {
            return true;
        }
        try (InputStream x = Files.newInputStream(a.path()); InputStream y = Files.newInputStream(b.path())) {
            byte[] bx = new byte[65536];
            byte[] by = new byte[65536];
            while (true) {
                int n = x.readNBytes(bx, 0, bx.length);
                int m = y.readNBytes(by, 0, by.length);
                if (n != m || !Arrays.equals(bx, 0, n, by, 0, m)) {
                    return false;
                }
                if (n == 0) {
                    return true;
                }
            }
        }
    }

    /** A directory of the upper dir gets the merged one's owner, mode, xattrs and times, as a copy-up would. */
    private static void copyMetadata(SourceFile from, Path to) throws IOException {
        for (var x : from.xattrs().entrySet()) {
            Xattrs.set(to, x.getKey(), x.getValue());
        }
        FileCalls.lchown(to, (int) from.uid(), (int) from.gid());
        FileCalls.chmod(to, from.mode() & 07777);
        FileCalls.lutimes(to, from.mtime().toInstant(), from.mtime().toInstant());
    }
}
