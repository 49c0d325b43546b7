package dev.stevedore.exec;

import dev.stevedore.fs.FileTrees;
import dev.stevedore.layer.Layer;
import dev.stevedore.layer.LayerOptions;
import dev.stevedore.layer.LayerWriter;
import dev.stevedore.oci.Digest;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A fake of the {@link Snapshots} port for the engine's tests, without root: a stack of layers is
 * a temporary directory the layers' files are copied into, bottom first; the changes are the
 * files that are new or different afterwards (deletions are not tracked). Regular files and
 * directories only.
 */
final class CopyingSnapshots implements Snapshots {

    private final Path dir;
    private final Map<Digest, Path> committed = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    /** How many read-only views were made: a no-op rebuild makes none. */
    final AtomicInteger views = new AtomicInteger();

    CopyingSnapshots(Path dir) {
        this.dir = dir;
    }

    @Override
    public Workspace prepare(List<LayerRef> layers) {
        Path root = stack(layers);
        Map<String, String> before = contents(root);
        return new Workspace() {
            private Path changes;

            @Override
            public Path root() {
                return root;
            }

            @Override
            public Layer diff(OutputStream out, LayerOptions options) throws IOException {
                Path changes = dir.resolve("changes-" + ids.incrementAndGet());
                Files.createDirectories(changes);
                contents(root).forEach((path, content) -> {
                    if (!content.equals(before.get(path))) {
                        copy(root.resolve(path), changes.resolve(path));
                    }
                });
                this.changes = changes;
                return LayerWriter.writeTree(changes, out, options);
            }

            @Override
            public void commit(Digest diffId) {
                committed.put(diffId, changes);
            }

            @Override
            public void abort() {
                // the root goes on close; the changes dir stays in the test's temp dir
            }

            @Override
            public void close() {
                delete(root);
            }
        };
    }

    @Override
    public ReadOnlyRoot view(List<LayerRef> layers) {
        views.incrementAndGet();
        Path root = stack(layers);
        return new ReadOnlyRoot() {
            @Override
            public Path root() {
                return root;
            }

            @Override
            public void close() {
                delete(root);
            }
        };
    }

    private Path stack(List<LayerRef> layers) {
        Path root = dir.resolve("root-" + ids.incrementAndGet());
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (LayerRef layer : layers) {
            Path files = committed.get(layer.diffId());
            if (files == null) {
                throw new IllegalStateException("the fake knows only the layers it committed: " + layer.diffId());
            }
            contents(files).keySet().forEach(path -> copy(files.resolve(path), root.resolve(path)));
        }
        return root;
    }

    /** Every path under {@code root} (relative) and what it holds: "dir" or the file's bytes. */
    private static Map<String, String> contents(Path root) {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(p -> !p.equals(root)).toList()) {
                out.put(root.relativize(p).toString(), Files.isDirectory(p) ? "dir"
                        : Arrays.toString(Files.readAllBytes(p)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static void copy(Path from, Path to) {
        try {
            if (Files.isDirectory(from)) {
                Files.createDirectories(to);
            } else {
                Files.createDirectories(to.getParent());
                Files.copy(from, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path root) {
        try {
            FileTrees.delete(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
