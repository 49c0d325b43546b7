package dev.stevedore.output;

import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.ImageIndex;
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

    /** An index beside its image: the index and its other manifests (attestations), with their blobs. */
    private static void writeIndex(ArchiveTar tar, Store store, Descriptor index) throws IOException {
        tar.file(ArchiveNames.blobPath(index.digest()), store.blobs().read(index.digest()));
        ImageIndex parsed = OciJson.readIndex(store.blobs().read(index.digest()), index.digest().toString()).value();
        for (Descriptor child : parsed.manifests()) {
            if (tar.contains(ArchiveNames.blobPath(child.digest()))) {
                continue;
            }
            Parsed<ImageManifest> m = OciJson.readImageManifest(store.blobs().read(child.digest()), child.digest().toString());
            tar.file(ArchiveNames.blobPath(child.digest()), m.raw());
            for (Descriptor blob : Stream.concat(Stream.of(m.value().config()), m.value().layers().stream()).toList()) {
                String name = ArchiveNames.blobPath(blob.digest());
                if (!tar.contains(name)) {
                    try (InputStream in = store.blobs().open(blob.digest())) {
                        tar.file(name, store.blobs().size(blob.digest()), in);
                    }
                }
            }
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
            StoredImage image = archived.image();
            tar.file(ArchiveNames.blobPath(image.manifest().digest()), image.manifest().raw());
            tar.file(ArchiveNames.blobPath(image.config().digest()), image.config().raw());
            for (Descriptor layer : image.manifest().value().layers()) {
                String name = ArchiveNames.blobPath(layer.digest());
                if (!tar.contains(name)) {
                    try (InputStream in = image.store().blobs().open(layer.digest())) {
                        tar.file(name, image.store().blobs().size(layer.digest()), in);
                    }
                }
            }
            if (MediaType.isIndex(archived.top().mediaType())) {
                writeIndex(tar, image.store(), archived.top());
            }
        }
        tar.finish();
    }
}
