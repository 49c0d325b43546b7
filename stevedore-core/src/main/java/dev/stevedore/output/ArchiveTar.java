package dev.stevedore.output;

import dev.stevedore.archive.TarEntry;
import dev.stevedore.archive.TarWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The tar of an image archive (not a layer): directories and regular files owned by root,
 * mode 0644/0755, mtime 0, so the same images always give the same archive. A name written
 * twice is written once (blobs shared by images). Written with the project's tar codec
 * ({@link TarWriter}).
 */
final class ArchiveTar {

    private final OutputStream out;
    private final TarWriter tar;
    private final Set<String> written = new HashSet<>();

    ArchiveTar(OutputStream out) {
        this.out = out;
        this.tar = new TarWriter(out);
    }

    /** Whether {@code name} is in the archive already. */
    boolean contains(String name) {
        return written.contains(name);
    }

    void directory(String name) throws IOException {
        if (written.add(name)) {
            tar.write(entry(name, TarEntry.Type.DIRECTORY, 0755, 0), InputStream.nullInputStream());
        }
    }

    void file(String name, byte[] content) throws IOException {
        file(name, content.length, new ByteArrayInputStream(content));
    }

    void file(String name, Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            file(name, Files.size(file), in);
        }
    }

    /** Writes exactly {@code size} bytes of {@code in} as {@code name}. */
    void file(String name, long size, InputStream in) throws IOException {
        if (written.add(name)) {
            tar.write(entry(name, TarEntry.Type.FILE, 0644, size), in);
            if (in.read() >= 0) {
                throw new IOException(name + ": expected " + size + " bytes, found more");
            }
        }
    }

    /** Ends the archive; the underlying stream stays open. */
    void finish() throws IOException {
        tar.finish();
        out.flush();
    }

    private static TarEntry entry(String name, TarEntry.Type type, int mode, long size) {
        return new TarEntry(name, type, mode, 0, 0, size, Instant.EPOCH, "", 0, 0, Map.of());
    }
}
