package dev.stevedore.output;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The tar of an image archive (not a layer): directories and regular files owned by root,
 * mode 0644/0755, mtime 0, so the same images always give the same archive. A name written
 * twice is written once (blobs shared by images).
 */
final class ArchiveTar {

    private static final Date EPOCH = Date.from(Instant.EPOCH);

    private final TarArchiveOutputStream tar;
    private final Set<String> written = new HashSet<>();

    ArchiveTar(OutputStream out) {
        this.tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    }

    /** Whether {@code name} is in the archive already. */
    boolean contains(String name) {
        return written.contains(name);
    }

    void directory(String name) throws IOException {
        if (written.add(name)) {
            TarArchiveEntry entry = entry(name + "/", 0755);
            tar.putArchiveEntry(entry);
            tar.closeArchiveEntry();
        }
    }

    void file(String name, byte[] content) throws IOException {
        if (written.add(name)) {
            TarArchiveEntry entry = entry(name, 0644);
            entry.setSize(content.length);
            tar.putArchiveEntry(entry);
            tar.write(content);
            tar.closeArchiveEntry();
        }
    }

    void file(String name, Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            file(name, Files.size(file), in);
        }
    }

    /** Writes exactly {@code size} bytes of {@code in} as {@code name}. */
    void file(String name, long size, InputStream in) throws IOException {
        if (written.add(name)) {
            TarArchiveEntry entry = entry(name, 0644);
            entry.setSize(size);
            tar.putArchiveEntry(entry);
            long copied = in.transferTo(tar);
            if (copied != size) {
                throw new IOException(name + ": expected " + size + " bytes, read " + copied);
            }
            tar.closeArchiveEntry();
        }
    }

    /** Ends the archive; the underlying stream stays open. */
    void finish() throws IOException {
        tar.finish();
        tar.flush();
    }

    private static TarArchiveEntry entry(String name, int mode) {
        TarArchiveEntry entry = new TarArchiveEntry(name, true);
        entry.setMode(mode | (name.endsWith("/") ? 040000 : 0100000));
        entry.setModTime(EPOCH);
        entry.setIds(0, 0);
        entry.setNames("", "");
        return entry;
    }
}
