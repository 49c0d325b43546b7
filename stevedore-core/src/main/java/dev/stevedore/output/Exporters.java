package dev.stevedore.output;

import dev.stevedore.diag.InvalidInputException;
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

    /**
     * Exports a multi-platform image: the index into the store or an OCI archive, each platform's
     * file system into {@code DEST/os_arch[_variant]/} of a local directory, as buildx does. A
     * docker archive (one image per name) and a file system tar are refused, as buildx refuses
     * {@code type=docker} for several platforms.
     */
    public static List<Tag> export(StoredIndex index, List<ImageReference> names, OutputTarget target) {
        List<ImageReference> full = names.stream().map(ImageReference::withDefaultTag).toList();
        try {
            return switch (target) {
                case OutputTarget.Store s -> {
                    List<Tag> set = new ArrayList<>();
                    for (ImageReference ref : s.tags()) {
                        set.add(index.store().tags().tag(ref.withDefaultTag().toString(), index.descriptor()));
                    }
                    yield set;
                }
                case OutputTarget.OciArchive a -> {
                    writeAtomically(a.dest(), out -> OciArchiveExporter.write(index, full, out));
                    yield List.of();
                }
                case OutputTarget.DockerArchive a -> throw new InvalidInputException(
                        "docker exporter does not currently support exporting manifest lists: build one platform"
                                + " for type=docker, or use type=oci");
                case OutputTarget.LocalDirectory d -> {
                    for (StoredIndex.PlatformImage p : index.images()) {
                        FilesystemExporter.unpack(p.image(), d.dest().resolve(directoryName(p.platform())));
                    }
                    yield List.of();
                }
                case OutputTarget.Tar t -> throw new InvalidInputException(
                        "type=tar of a multi-platform build is not supported: use type=local, or build one platform");
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** buildx's directory of a platform in a local export: {@code linux_arm_v7}. */
    static String directoryName(dev.stevedore.oci.Platform p) {
        return p.toString().replace('/', '_');
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
