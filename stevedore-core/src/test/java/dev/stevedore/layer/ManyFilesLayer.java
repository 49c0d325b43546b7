package dev.stevedore.layer;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Run in a child JVM with a small heap by {@link ManyFilesLayerTest}: writes a layer of
 * {@code count} empty files (streamed, so the generator holds nothing per file), applies it as a
 * snapshot is extracted and, given a third argument {@code diff}, writes the tree back as a layer
 * as a RUN step's diff does. Arguments: a directory, the number of files. Prints what it did;
 * any error ends the JVM with a non-zero status.
 */
final class ManyFilesLayer {

    static final int PER_DIRECTORY = 100_000;

    private ManyFilesLayer() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        Path tar = dir.resolve("layer.tar");
        write(tar, count);
        Path target = Files.createDirectory(dir.resolve("fs"));
        try (InputStream in = Files.newInputStream(tar)) {
            LayerApplier.apply(in, target, Whiteouts.OVERLAY);
        }
        Files.delete(tar);
        if (args.length > 2 && args[2].equals("diff")) {
            CountingOutputStream counted = new CountingOutputStream();
            OverlayDiffer.diff(target, counted, LayerOptions.defaults().withCompression(Compression.NONE));
            System.out.println("written back: " + counted.bytes + " bytes");
        }
        System.out.println("applied " + count + " files");
    }

    /** {@code count} empty files, {@link #PER_DIRECTORY} to a directory. */
    static void write(Path file, int count) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file));
             TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            for (int i = 0; i < count; i++) {
                if (i % PER_DIRECTORY == 0) {
                    TarArchiveEntry d = new TarArchiveEntry("d" + i / PER_DIRECTORY + "/");
                    d.setMode(040755);
                    tar.putArchiveEntry(d);
                    tar.closeArchiveEntry();
                }
                TarArchiveEntry e = new TarArchiveEntry("d" + i / PER_DIRECTORY + "/file-" + i);
                e.setMode(0100644);
                tar.putArchiveEntry(e);
                tar.closeArchiveEntry();
            }
            tar.finish();
        }
    }

    private static final class CountingOutputStream extends OutputStream {
        long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }
}
