package dev.stevedore.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stevedore.diag.InternalException;
import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.Digest;
import dev.stevedore.oci.ImageIndex;
import dev.stevedore.oci.ImageManifest;
import dev.stevedore.oci.ImageReference;
import dev.stevedore.oci.MediaType;
import dev.stevedore.oci.json.OciJson;
import dev.stevedore.oci.json.Parsed;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes images as Docker 25+ does for {@code docker save}: an OCI image layout (read by
 * {@code docker load} and {@code skopeo oci-archive:}) plus the classic {@code manifest.json}
 * (read by older Docker and {@code skopeo docker-archive:}) pointing at the same blobs.
 * Layers in a docker archive are uncompressed tars, so each layer blob is the tar its config's
 * diff id names, and the archive's manifest (uncompressed layers) differs from the store's;
 * the config, and so the image id, is the same.
 */
public final class DockerArchiveExporter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DockerArchiveExporter() {}

    /**
     * Writes {@code images} to {@code out}, which stays open. Each layer is decompressed into a
     * staging file of its store first: its size must be known before writing.
     */
    public static void write(List<ArchiveImage> images, OutputStream out) throws IOException {
        ArchiveTar tar = new ArchiveTar(out);
        ArchiveNames.writeLayout(tar);
        List<Descriptor> indexEntries = new ArrayList<>();
        ArrayNode manifestJson = JSON.createArrayNode();
        for (ArchiveImage archived : images) {
            StoredImage image = archived.image();
            List<Descriptor> layers = writeLayers(image, tar);
            ImageManifest manifest = archiveManifest(image, layers);
            Parsed<?> parsed = OciJson.serialize(manifest);
            tar.file(ArchiveNames.blobPath(image.config().digest()), image.config().raw());
            tar.file(ArchiveNames.blobPath(parsed.digest()), parsed.raw());
            indexEntries.addAll(ArchiveNames.indexEntries(OciJson.descriptor(parsed, manifest.mediaType()),
                    archived.names()));
            manifestJson.add(manifestEntry(image, layers, archived.names()));
        }
        tar.file("index.json", OciJson.write(ImageIndex.oci(indexEntries)));
        tar.file("manifest.json", JSON.writeValueAsBytes(manifestJson));
        tar.finish();
    }

    private static ImageManifest archiveManifest(StoredImage image, List<Descriptor> layers) {
        ImageManifest stored = image.manifest().value();
        return MediaType.isDocker(stored.mediaType())
                ? ImageManifest.docker(stored.config(), layers)
                : ImageManifest.oci(stored.config(), layers);
    }

    private static ObjectNode manifestEntry(StoredImage image, List<Descriptor> layers, List<ImageReference> names) {
        ObjectNode entry = JSON.createObjectNode();
        entry.put("Config", ArchiveNames.blobPath(image.config().digest()));
        ArrayNode tags = entry.putArray("RepoTags");
        names.forEach(n -> tags.add(n.familiarString()));
        ArrayNode paths = entry.putArray("Layers");
        layers.forEach(l -> paths.add(ArchiveNames.blobPath(l.digest())));
        return entry;
    }

    /** Writes each layer uncompressed; returns the archive manifest's layer descriptors. */
    private static List<Descriptor> writeLayers(StoredImage image, ArchiveTar tar) throws IOException {
        boolean docker = MediaType.isDocker(image.manifest().value().mediaType());
        List<Digest> diffIds = image.config().value().rootfs().diffIds();
        List<Descriptor> manifestLayers = image.manifest().value().layers();
        List<Descriptor> result = new ArrayList<>();
        for (int i = 0; i < manifestLayers.size(); i++) {
            Digest diffId = diffIds.get(i);
            String name = ArchiveNames.blobPath(diffId);
            Path file = image.store().stagingFile("layer");
            long size;
            try {
                size = decompress(image, manifestLayers.get(i).digest(), diffId, file);
                if (!tar.contains(name)) {
                    tar.file(name, file);
                }
            } finally {
                Files.deleteIfExists(file);
            }
            result.add(new Descriptor(docker ? MediaType.DOCKER_LAYER : MediaType.OCI_LAYER, diffId, size,
                    Map.of(), java.util.Optional.empty()));
        }
        return result;
    }

    /** Writes the uncompressed layer to {@code file}, checking it is the tar {@code diffId} names. */
    private static long decompress(StoredImage image, Digest blob, Digest diffId, Path file) throws IOException {
        MessageDigest md = diffId.newMessageDigest();
        long size;
        try (InputStream in = Uncompressed.open(image.store().blobs().open(blob), "layer " + blob);
             OutputStream out = new DigestOutputStream(Files.newOutputStream(file), md)) {
            size = in.transferTo(out);
        }
        Digest actual = Digest.of(diffId.algorithm(), md);
        if (!actual.equals(diffId)) {
            throw new InternalException("layer " + blob + " of image " + image.id() + " uncompresses to " + actual
                    + ", not to the diff id " + diffId + " its config names");
        }
        return size;
    }
}
