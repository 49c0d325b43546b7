package dev.stevedore.snapshot;

import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.Digest;
import dev.stevedore.oci.MediaType;
import dev.stevedore.store.Blob;
import dev.stevedore.store.Store;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Layers built by hand with commons-compress (an independent tar writer), stored as gzip blobs. */
final class TestLayers {

    private TestLayers() {}

    /** A layer blob in the store and the diffID of its tar. */
    record StoredLayer(Descriptor blob, Digest diffId) {}

    /**
     * A layer from lines: {@code "d path/"} a directory, {@code "f path content"} a file,
     * {@code "l path target"} a symlink; whiteouts are files named {@code .wh.x} or {@code .wh..wh..opq}.
     */
    static StoredLayer put(Store store, String... lines) {
        byte[] tar = tar(lines);
        byte[] gz = gzip(tar);
        Blob blob = store.blobs().put(gz);
        return new StoredLayer(new Descriptor(MediaType.OCI_LAYER_GZIP, blob.digest(), blob.size()), Digest.sha256(tar));
    }

    static byte[] tar(String... lines) {
        var bytes = new ByteArrayOutputStream();
        try (var tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (String line : lines) {
                String[] parts = line.split(" ", 3);
                TarArchiveEntry entry = switch (parts[0]) {
                    case "d" -> new TarArchiveEntry(parts[1]);
                    case "f" -> new TarArchiveEntry(parts[1]);
                    case "l" -> {
                        var e = new TarArchiveEntry(parts[1], TarArchiveEntry.LF_SYMLINK);
                        e.setLinkName(parts[2]);
                        yield e;
                    }
                    default -> throw new IllegalArgumentException(line);
                };
                byte[] content = parts[0].equals("f") && parts.length > 2 ? parts[2].getBytes(StandardCharsets.UTF_8)
                        : new byte[0];
                entry.setModTime(1_600_000_000_000L);
                entry.setMode(parts[0].equals("d") ? 040755 : parts[0].equals("l") ? 0120777 : 0100644);
                if (parts[0].equals("f")) {
                    entry.setSize(content.length);
                }
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static byte[] gzip(byte[] bytes) {
        var out = new ByteArrayOutputStream();
        try (var gz = new GzipCompressorOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * The members of an uncompressed tar, one line each: type, name, and what matters for it
     * (mode and owner, link target, content), read with commons-compress.
     */
    static List<String> members(byte[] tar) throws IOException {
        List<String> result = new ArrayList<>();
        try (var in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                String line;
                if (e.isSymbolicLink()) {
                    line = "l " + e.getName() + " -> " + e.getLinkName();
                } else if (e.isLink()) {
                    line = "h " + e.getName() + " => " + e.getLinkName();
                } else if (e.isDirectory()) {
                    line = "d " + e.getName() + " " + Integer.toOctalString(e.getMode() & 07777) + " "
                            + e.getLongUserId() + ":" + e.getLongGroupId();
                } else {
                    line = "f " + e.getName() + " " + Integer.toOctalString(e.getMode() & 07777) + " "
                            + e.getLongUserId() + ":" + e.getLongGroupId() + " "
                            + new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                result.add(line.strip());
            }
        }
        return result;
    }
}
