package dev.stevedore.testing;

import dev.stevedore.oci.Digest;
import dev.stevedore.store.Store;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/** Layer figures computed apart from our own tar reader, with commons-compress: an independent judge. */
public final class LayerFiles {

    private LayerFiles() {}

    /**
     * The sum of the sizes of the regular files in the layer blob {@code blob}, gzip (our gzip has
     * many members) or uncompressed (as builds store them).
     */
    public static long regularFileBytes(Store store, Digest blob) throws IOException {
        long total = 0;
        try (InputStream raw = new BufferedInputStream(store.blobs().open(blob));
             TarArchiveInputStream tar = new TarArchiveInputStream(gzip(raw) ? new GzipCompressorInputStream(raw, true) : raw)) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                total += e.isFile() && !e.isLink() ? e.getSize() : 0;
            }
        }
        return total;
    }

    private static boolean gzip(InputStream in) throws IOException {
        in.mark(2);
        boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
        in.reset();
        return gzip;
    }
}
