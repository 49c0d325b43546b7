package dev.stevedore.output;

import dev.stevedore.oci.ImageReference;
import dev.stevedore.store.Tag;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends an image of the store to an {@link OutputTarget}: one exporter per kind. Files land
 * whole or not at all: an archive is written next to its destination and renamed into place.
 */
public final class Exporters {

    private Exporters() {}

    /**
     * Exports {@code image} to {@code target}. An archive names the image by exactly
     * {@code names} (a build's {@code -t}), never by the other tags the store has for it, as
     * BuildKit's exporters do: a docker archive with one image and the names asked for is what
     * {@code skopeo docker-archive:FILE} reads without naming one.
     *
     * @param names the names an archive gives the image; none for an unnamed image
     * @return the tags set, for {@link OutputTarget.Store}; empty for the others
     */
    public static List<Tag> export(StoredImage image, List<ImageReference> names, OutputTarget target) {
        ArchiveImage named = new ArchiveImage(image, names.stream().map(ImageReference::withDefaultTag).toList());
        try {
            return switch (target) {
                case OutputTarget.Store s -> tag(image, s.tags());
                case OutputTarget.OciArchive a -> {
                    writeAtomically(a.dest(), out -> OciArchiveExporter.write(List.of(named), out));
                    yield List.of();
                }
                case OutputTarget.DockerArchive a -> {
                    writeAtomically(a.dest(), out -> DockerArchiveExporter.write(List.of(named), out));
                    yield List.of();
                }
                case OutputTarget.LocalDirectory d -> {
                    FilesystemExporter.unpack(image, d.dest());
                    yield List.of();
                }
                case OutputTarget.Tar t -> {
                    writeAtomically(t.dest(), out -> FilesystemExporter.writeTar(image, out));
                    yield List.of();
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Tags the image (already in the store) with each full reference. */
    public static List<Tag> tag(StoredImage image, List<ImageReference> tags) {
        List<Tag> set = new ArrayList<>();
        for (ImageReference ref : tags) {
            set.add(image.store().tags().tag(ref.withDefaultTag().toString(), image.manifestDescriptor()));
        }
        return set;
    }

    /** What writes an archive to a stream. */
    public interface ArchiveWriter {
        void write(OutputStream out) throws IOException;
    }

    /**
     * Runs {@code writer} on a temp file beside {@code dest}, then renames it to {@code dest}:
     * a failed write leaves nothing at {@code dest}.
     */
    public static void writeAtomically(Path dest, ArchiveWriter writer) throws IOException {
        Path absolute = dest.toAbsolutePath();
        Path parent = absolute.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new dev.stevedore.diag.NotFoundException("cannot write " + dest + ": its directory does not exist");
        }
        Path tmp = Files.createTempFile(parent, "." + absolute.getFileName() + ".", ".tmp");
        try {
            try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                writer.write(out);
            }
            Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
