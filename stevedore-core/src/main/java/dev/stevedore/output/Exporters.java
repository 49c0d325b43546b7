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
     * Exports {@code image} to {@code target}.
     *
     * @return the tags set, for {@link OutputTarget.Store}; empty for the others
     */
    public static List<Tag> export(StoredImage image, OutputTarget target) {
        try {
            return switch (target) {
                case OutputTarget.Store s -> tag(image, s.tags());
                case OutputTarget.OciArchive a -> {
                    writeAtomically(a.dest(), out -> OciArchiveExporter.write(List.of(archived(image)), out));
                    yield List.of();
                }
                case OutputTarget.DockerArchive a -> {
                    writeAtomically(a.dest(), out -> DockerArchiveExporter.write(List.of(archived(image)), out,
                            image.store().tmpDirectory()));
                    yield List.of();
                }
                case OutputTarget.LocalDirectory d -> {
                    FilesystemExporter.unpack(image, d.dest());
                    yield List.of();
                }
                case OutputTarget.Tar t -> {
                    writeAtomically(t.dest(), out -> FilesystemExporter.writeTar(image, out,
                            image.store().tmpDirectory()));
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

    private static ArchiveImage archived(StoredImage image) {
        List<ImageReference> names = new ArrayList<>();
        for (Tag tag : image.store().tags().list()) {
            if (tag.descriptor().digest().equals(image.manifestDescriptor().digest())) {
                parseTag(tag.name()).ifPresent(names::add);
            }
        }
        return new ArchiveImage(image, names);
    }

    private static java.util.Optional<ImageReference> parseTag(String name) {
        try {
            return java.util.Optional.of(ImageReference.parse(name));
        } catch (dev.stevedore.diag.InvalidInputException e) {
            return java.util.Optional.empty();
        }
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
