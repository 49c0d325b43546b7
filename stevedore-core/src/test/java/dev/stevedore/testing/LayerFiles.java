package dev.stevedore.testing;

import dev.stevedore.oci.Digest;
import dev.stevedore.store.Store;
import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/** Layer figures computed apart from our own tar reader, with commons-compress: an independent judge. */
public final class LayerFiles {

    private LayerFiles() {}

    /** The sum of the sizes of the regular files in the gzip layer blob {@code blob} (our gzip has many members). */
    public static long regularFileBytes(Store store, Digest blob) throws IOException {
        long total = 0;
        try (InputStream in = store.blobs().open(blob);
             TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in, true))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                total += e.isFile() && !e.isLink() ? e.getSize() : 0;
            }
        }
        return total;
    }
}
