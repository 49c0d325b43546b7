package dev.stevedore.output;

import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.ImageIndex;
import dev.stevedore.oci.ImageReference;
import dev.stevedore.oci.json.OciJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes images as an OCI image layout in one tar ({@code skopeo oci-archive:}, {@code docker
 * load}): blobs as stored (compressed layers stay compressed), so manifest digests are kept.
 */
public final class OciArchiveExporter {

    private OciArchiveExporter() {}

    /** Writes a multi-platform image, its index named by {@code names}, to {@code out}, which stays open. */
    public static void write(StoredIndex index, List<ImageReference> names, OutputStream out) throws IOException {
        ArchiveTar tar = new ArchiveTar(out);
        ArchiveNames.writeLayout(tar);
        tar.file("index.json", OciJson.write(ImageIndex.oci(ArchiveNames.indexEntries(index.descriptor(), names))));
        tar.file(ArchiveNames.blobPath(index.index().digest()), index.index().raw());
        for (StoredImage image : index.entries()) {
            writeImage(tar, image);
        }
        tar.finish();
    }

    /** Writes {@code images} to {@code out}, which stays open. */
    public static void write(List<ArchiveImage> images, OutputStream out) throws IOException {
        ArchiveTar tar = new ArchiveTar(out);
        ArchiveNames.writeLayout(tar);
        List<Descriptor> entries = new ArrayList<>();
        for (ArchiveImage image : images) {
            entries.addAll(ArchiveNames.indexEntries(image.image().manifestDescriptor(), image.names()));
        }
        tar.file("index.json", OciJson.write(ImageIndex.oci(entries)));
        for (ArchiveImage archived : images) {
            writeImage(tar, archived.image());
        }
        tar.finish();
    }

    /** An image's manifest, config and layers, each blob once in the archive. */
    private static void writeImage(ArchiveTar tar, StoredImage image) throws IOException {
        if (tar.contains(ArchiveNames.blobPath(image.manifest().digest()))) {
            return;
        }
        tar.file(ArchiveNames.blobPath(image.manifest().digest()), image.manifest().raw());
        if (!tar.contains(ArchiveNames.blobPath(image.config().digest()))) {
            tar.file(ArchiveNames.blobPath(image.config().digest()), image.config().raw());
        }
        for (Descriptor layer : image.manifest().value().layers()) {
            String name = ArchiveNames.blobPath(layer.digest());
            if (!tar.contains(name)) {
                try (InputStream in = image.store().blobs().open(layer.digest())) {
                    tar.file(name, image.store().blobs().size(layer.digest()), in);
                }
            }
        }
    }
}
