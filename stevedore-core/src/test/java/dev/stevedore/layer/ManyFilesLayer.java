package dev.stevedore.layer;

import dev.stevedore.oci.Compression;
import dev.stevedore.testing.ManyMembersTar;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run in a child JVM with a small heap by {@link ManyFilesLayerTest}: writes a layer of
 * {@code count} empty files (streamed, so the generator holds nothing per file), applies it as a
 * snapshot is extracted and, given a third argument {@code diff}, writes the tree back as a layer
 * as a RUN step's diff does. With {@code flatten} the layer is applied as {@code -o type=local}
 * flattens an image (whiteouts delete); with {@code directories} its members are empty
 * directories instead of files. Arguments: a directory, the number of members, the mode. Prints
 * what it did; any error ends the JVM with a non-zero status.
 */
final class ManyFilesLayer {

    private ManyFilesLayer() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        String mode = args.length > 2 ? args[2] : "";
        Path tar = dir.resolve("layer.tar");
        ManyMembersTar.write(tar, count, mode.equals("directories"));
        Path target = Files.createDirectory(dir.resolve("fs"));
        try (InputStream in = Files.newInputStream(tar)) {
            LayerApplier.apply(in, target, mode.equals("flatten") ? Whiteouts.DELETE : Whiteouts.OVERLAY);
        }
        Files.delete(tar);
        if (mode.equals("diff")) {
            CountingOutputStream counted = new CountingOutputStream();
            OverlayDiffer.diff(target, counted, LayerOptions.defaults().withCompression(Compression.NONE));
            System.out.println("written back: " + counted.bytes + " bytes");
        }
        System.out.println("applied " + count + " files");
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
