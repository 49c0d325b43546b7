package dev.stevedore.layer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Random;

/**
 * The layer benchmark, run by {@code bench/layer/run.sh} and never by the tests: generates a
 * tree of about 500 MB in 20,000 files, then times our write (gzip) and apply against
 * {@code tar -c | gzip} and {@code tar -x} on the same tree. Everything it makes is deleted.
 *
 * <p>Arguments: a work directory (created and removed), and optionally the number of files and
 * the total megabytes.
 */
public final class LayerBench {

    private LayerBench() {}

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory(Path.of(args.length > 0 ? args[0] : "/tmp"), "layer-bench-");
        int files = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        long megabytes = args.length > 2 ? Long.parseLong(args[2]) : 500;
        try {
            Path tree = work.resolve("tree");
            long bytes = generate(tree, files, megabytes << 20);
            System.out.printf("tree: %d files, %.1f MB, %d cores%n", files, bytes / 1e6, Runtime.getRuntime().availableProcessors());
            Path blob = work.resolve("ours.tar.gz");
            Layer layer = time("stevedore write (gzip)", bytes, () -> {
                try (OutputStream out = Files.newOutputStream(blob)) {
                    return LayerWriter.writeTree(tree, out, LayerOptions.defaults());
                }
            });
            System.out.printf("  -> %.1f MB compressed, %s%n", layer.size() / 1e6, layer.digest().shortHex());
            Path ours = Files.createDirectory(work.resolve("applied-ours"));
            time("stevedore apply (gzip)", bytes, () -> {
                try (InputStream in = Files.newInputStream(blob)) {
                    return LayerApplier.apply(in, ours, Whiteouts.DELETE);
                }
            });
            Path theirs = work.resolve("gnu.tar.gz");
            time("tar -c | gzip", bytes, () -> shell("tar -C '" + tree + "' -cf - . | gzip > '" + theirs + "'"));
            Path extracted = Files.createDirectory(work.resolve("applied-gnu"));
            time("tar -xzf (gzip -d)", bytes, () -> shell("tar -C '" + extracted + "' -xzf '" + theirs + "'"));
        } finally {
            deleteTree(work);
        }
    }

    interface Step<T> {
        T run() throws Exception;
    }

    private static <T> T time(String what, long bytes, Step<T> step) throws Exception {
        long start = System.nanoTime();
        T result = step.run();
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%-24s %6.2f s  %7.1f MB/s%n", what, seconds, bytes / 1e6 / seconds);
        return result;
    }

    private static int shell(String command) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", "set -o pipefail; " + command).inheritIO().start();
        int rc = p.waitFor();
        if (rc != 0) {
            throw new IOException(command + " exited with " + rc);
        }
        return rc;
    }

    /** Files of sizes spread around the mean, half random bytes and half text, in 200 dirs. */
    private static long generate(Path tree, int files, long total) throws IOException {
        Random random = new Random(7);
        long mean = total / files;
        long written = 0;
        byte[] buffer = new byte[(int) (mean * 4)];
        for (int i = 0; i < files; i++) {
            Path file = tree.resolve("d" + (i % 200)).resolve("sub" + (i % 7)).resolve("file-" + i + ".bin");
            Files.createDirectories(file.getParent());
            int size = (int) Math.min(buffer.length, (long) (random.nextDouble() * 2 * mean));
            random.nextBytes(buffer);
            for (int j = size / 2; j < size; j++) {
                buffer[j] = (byte) ('a' + (j * 31 + i) % 26);
            }
            Files.write(file, java.util.Arrays.copyOf(buffer, size));
            written += size;
        }
        return written;
    }

    private static void deleteTree(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
