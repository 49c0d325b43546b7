package dev.stevedore.exec.sources;

import dev.stevedore.archive.StreamCompression;
import dev.stevedore.archive.TarEntry;
import dev.stevedore.archive.TarHeaders;
import dev.stevedore.archive.TarReader;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.layer.LayerApplier;
import dev.stevedore.layer.Whiteouts;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Local archives that {@code ADD} unpacks instead of copying, as Docker decides and does it.
 *
 * <p>A file is an archive when moby's {@code archive.IsArchivePath} says so: a regular file (not
 * a symlink) whose content, once decompressed by its magic bytes ({@link StreamCompression}),
 * starts with a valid tar header. The name does not matter; a gzip file holding anything but a
 * tar is not an archive (it is copied as it is), nor is an empty tar (Go's reader reports EOF).
 *
 * <p>Unpacking goes through the layer applier, so an archive can no more escape the destination
 * than a layer can ({@code ..}, absolute names, symlinks, hard links out are refused or kept
 * inside), and restores owners (as root), modes, mtimes, xattrs and links. {@code .wh.} names
 * are ordinary files: an archive is not a layer ({@link Whiteouts#NONE}). What the destination
 * already holds stays, unless the archive replaces it.
 */
public final class Archives {

    private Archives() {}

    /** The compression of {@code file} if it is an archive {@code ADD} unpacks, else empty. */
    public static Optional<StreamCompression> detect(Path file) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            StreamCompression compression = StreamCompression.peek(raw);
            byte[] start;
            try (InputStream tar = compression.decompress(raw, kind -> kind)) {
                start = tar.readNBytes(TarHeaders.BLOCK);
            } catch (IOException | RuntimeException e) {
                return Optional.empty(); // not decompressible: Go's DecompressStream or tar.Next fails too
            }
            // Go's tar.Next: a zero block is the end (an empty tar is no archive), a header needs its checksum
            return !TarHeaders.isZero(start) && TarHeaders.hasValidChecksum(start)
                    ? Optional.of(compression) : Optional.empty();
        }
    }

    /**
     * Unpacks {@code archive} into {@code destDir} (an existing directory).
     *
     * @throws InvalidInputException when it is not an archive, is corrupt, or a member would land
     *                               outside {@code destDir}; the message names the archive file
     */
    public static void unpack(Path archive, Path destDir) throws IOException {
        String name = archive.getFileName() == null ? archive.toString() : archive.getFileName().toString();
        StreamCompression compression = detect(archive).orElseThrow(() -> new InvalidInputException(
                "cannot unpack \"" + name + "\": it is not a tar archive"));
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive), 64 * 1024);
             InputStream in = compression.decompress(raw, kind -> "the " + kind + " stream")) {
            LayerApplier.apply(in, destDir, Whiteouts.NONE);
        } catch (InvalidInputException e) {
            throw new InvalidInputException("unpacking \"" + name + "\": " + e.getMessage(), e);
        }
    }

    /**
     * The member names of {@code archive}, as written in it, in order; for {@code ADD --chown},
     * which owns exactly the members (not the parents the unpacking had to create).
     *
     * @throws InvalidInputException when it is not an archive or is corrupt, naming the file
     */
    public static List<String> members(Path archive) throws IOException {
        String name = archive.getFileName() == null ? archive.toString() : archive.getFileName().toString();
        StreamCompression compression = detect(archive).orElseThrow(() -> new InvalidInputException(
                "cannot unpack \"" + name + "\": it is not a tar archive"));
        List<String> names = new ArrayList<>();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive), 64 * 1024);
             InputStream in = compression.decompress(raw, kind -> "the " + kind + " stream")) {
            TarReader tar = new TarReader(in, "the tar stream");
            for (Optional<TarEntry> e = tar.next(); e.isPresent(); e = tar.next()) {
                names.add(e.get().name());
            }
        } catch (IOException | RuntimeException e) {
            throw new InvalidInputException("unpacking \"" + name + "\": " + e.getMessage(), e);
        }
        return names;
    }
}
