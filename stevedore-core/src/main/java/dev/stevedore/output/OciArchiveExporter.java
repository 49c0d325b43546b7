package dev.stevedore.output;

import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.ImageIndex;
import dev.stevedore.oci.ImageReference;
import dev.stevedore.oci.ImageManifest;
import dev.stevedore.oci.MediaType;
import dev.stevedore.oci.json.OciJson;
import dev.stevedore.oci.json.Parsed;
import dev.stevedore.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

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

    /** An index beside its image: the index and its other manifests (attestations), with their blobs. */
    private static void writeIndex(ArchiveTar tar, Store store, Descriptor index) throws IOException {
        tar.file(ArchiveNames.blobPath(index.digest()), store.blobs().read(index.digest()));
        ImageIndex parsed = OciJson.readIndex(store.blobs().read(index.digest()), index.digest().toString()).value();
        for (Descriptor child : parsed.manifests()) {
            if (!store.blobs().exists(child.digest())) {
                continue; // a platform not pulled: an image layout may lack referenced blobs (image-layout spec)
            }
            writeManifest(tar, store,
                    OciJson.readImageManifest(store.blobs().read(child.digest()), child.digest().toString()));
        }
    }

    /** Writes {@code images} to {@code out}, which stays open. */
    public static void write(List<ArchiveImage> images, OutputStream out) throws IOException {
        ArchiveTar tar = new ArchiveTar(out);
        ArchiveNames.writeLayout(tar);
        List<Descriptor> entries = new ArrayList<>();
        for (ArchiveImage image : images) {
            entries.addAll(ArchiveNames.indexEntries(image.top(), image.names()));
        }
        tar.file("index.json", OciJson.write(ImageIndex.oci(entries)));
        for (ArchiveImage archived : images) {
            writeImage(tar, archived.image());
            if (MediaType.isIndex(archived.top().mediaType())) {
                writeIndex(tar, archived.image().store(), archived.top());
            }
        }
        tar.finish();
    }

    /** An image's manifest, config and layers, each blob once in the archive. */
    private static void writeImage(ArchiveTar tar, StoredImage image) throws IOException {
        writeManifest(tar, image.store(), image.manifest());
    }

    /** A manifest and the blobs it names (config and layers), each once in the archive. */
    private static void writeManifest(ArchiveTar tar, Store store, Parsed<ImageManifest> manifest) throws IOException {
        if (tar.contains(ArchiveNames.blobPath(manifest.digest()))) {
            return;
        }
        tar.file(ArchiveNames.blobPath(manifest.digest()), manifest.raw());
        for (Descriptor blob : Stream.concat(Stream.of(manifest.value().config()), manifest.value().layers().stream())
                .toList()) {
            String name = ArchiveNames.blobPath(blob.digest());
            if (!tar.contains(name)) {
                try (InputStream in = store.blobs().open(blob.digest())) {
                    tar.file(name, store.blobs().size(blob.digest()), in);
                }
            }
        }
    }
}
