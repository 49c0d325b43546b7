package dev.stevedore.store;

import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.MediaType;
import java.nio.file.Path;

/**
 * Run in a separate JVM by {@link ConcurrentTaggingTest}: tags {@code count} names
 * {@code <prefix>-<i>} in the store at {@code root}. Args: root, prefix, count, manifest digest, size,
 * and a start file: the worker signals it is ready by creating {@code <start>.<prefix>}, then
 * waits for {@code <start>} itself, so that all workers tag at the same time.
 */
public final class TagWorker {

    private TagWorker() {}

    public static void main(String[] args) throws Exception {
        Path start = Path.of(args[5]);
        java.nio.file.Files.createFile(Path.of(start + "." + args[1]));
        while (!java.nio.file.Files.exists(start)) {
            Thread.sleep(5);
        }
        Store store = Store.open(Path.of(args[0]));
        Descriptor manifest = new Descriptor(MediaType.OCI_MANIFEST,
                dev.stevedore.oci.Digest.parse(args[3]), Long.parseLong(args[4]));
        for (int i = 0; i < Integer.parseInt(args[2]); i++) {
            store.tags().tag("example.com/" + args[1] + ":" + i, manifest);
        }
    }
}
