package dev.stevedore.exec.sources;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.layer.LayerApplier;
import dev.stevedore.layer.Whiteouts;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Local archives that {@code ADD} unpacks instead of copying, as Docker decides and does it.
 *
 * <p>A file is an archive when moby's {@code archive.IsArchivePath} says so: a regular file (not
 * a symlink) whose content, once decompressed by its magic bytes ({@link ArchiveCompression}),
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

    private static final int BLOCK = 512;

    private Archives() {}

    /** The compression of {@code file} if it is an archive {@code ADD} unpacks, else empty. */
    public static Optional<ArchiveCompression> detect(Path file) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            raw.mark(ArchiveCompression.MAGIC_LENGTH);
            byte[] head = raw.readNBytes(ArchiveCompression.MAGIC_LENGTH);
            raw.reset();
            ArchiveCompression compression = ArchiveCompression.detect(head, head.length);
            byte[] start;
            try (InputStream tar = compression.open(raw)) {
                start = tar.readNBytes(2 * BLOCK);
            } catch (IOException | RuntimeException e) {
                return Optional.empty(); // not decompressible: Go's DecompressStream or tar.Next fails too
            }
            return startsWithTarHeader(start) ? Optional.of(compression) : Optional.empty();
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
        ArchiveCompression compression = detect(archive).orElseThrow(() -> new InvalidInputException(
                "cannot unpack \"" + name + "\": it is not a tar archive"));
        String kind = compression.name().toLowerCase(Locale.ROOT);
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive), 64 * 1024);
             InputStream in = new CorruptionReporting(compression.open(raw), kind)) {
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
    public static java.util.List<String> members(Path archive) throws IOException {
        String name = archive.getFileName() == null ? archive.toString() : archive.getFileName().toString();
        ArchiveCompression compression = detect(archive).orElseThrow(() -> new InvalidInputException(
                "cannot unpack \"" + name + "\": it is not a tar archive"));
        java.util.List<String> names = new java.util.ArrayList<>();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive), 64 * 1024);
             var tar = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(compression.open(raw))) {
            for (var e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                names.add(e.getName());
            }
        } catch (IOException | RuntimeException e) {
            throw new InvalidInputException("unpacking \"" + name + "\": " + e.getMessage(), e);
        }
        return names;
    }

    /** Read errors of the decompressor are the archive's fault; the file system's stay IOExceptions. */
    private static final class CorruptionReporting extends FilterInputStream {
        private final String kind;

        CorruptionReporting(InputStream in, String kind) {
            super(in);
            this.kind = kind;
        }

        private InvalidInputException corrupt(IOException e) {
            return new InvalidInputException("the " + kind + " stream is corrupt or truncated: " + e.getMessage(), e);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                throw corrupt(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (IOException e) {
                throw corrupt(e);
            }
        }

        @Override
        public long skip(long n) throws IOException {
            try {
                return super.skip(n);
            } catch (IOException e) {
                throw corrupt(e);
            }
        }
    }

    /**
     * Go's {@code tar.Reader.Next} on the first header, as far as it matters here: a zero block
     * means the archive is empty (EOF) or broken, and a header must carry a valid checksum, signed
     * or unsigned (any magic: V7 headers have none).
     */
    static boolean startsWithTarHeader(byte[] start) {
        if (start.length < BLOCK) {
            return false;
        }
        boolean zero = true;
        for (int i = 0; i < BLOCK && zero; i++) {
            zero = start[i] == 0;
        }
        if (zero) {
            return false;
        }
        Long recorded = octal(start, 148, 8);
        if (recorded == null) {
            return false;
        }
        long unsigned = 0;
        long signed = 0;
        for (int i = 0; i < BLOCK; i++) {
            int b = i >= 148 && i < 156 ? ' ' : start[i];
            unsigned += b & 0xff;
            signed += (byte) b;
        }
        return recorded == unsigned || recorded == signed;
    }

    /** Go's {@code parseOctal}: spaces and NULs around the digits are ignored; null if invalid. */
    private static Long octal(byte[] block, int offset, int length) {
        String text = new String(block, offset, length, StandardCharsets.ISO_8859_1).replaceAll("^[ \0]+|[ \0]+$", "");
        if (text.isEmpty()) {
            return 0L;
        }
        if (!text.matches("[0-7]{1,22}")) {
            return null;
        }
        try {
            return Long.parseLong(text, 8);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
