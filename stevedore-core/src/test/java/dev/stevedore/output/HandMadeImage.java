package dev.stevedore.output;

import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.Digest;
import dev.stevedore.oci.History;
import dev.stevedore.oci.ImageConfig;
import dev.stevedore.oci.ImageManifest;
import dev.stevedore.oci.MediaType;
import dev.stevedore.oci.Platform;
import dev.stevedore.oci.json.OciJson;
import dev.stevedore.oci.json.Parsed;
import dev.stevedore.store.Blob;
import dev.stevedore.store.Store;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Images built member by member with commons-compress, so the tests do not trust our layer writer. */
final class HandMadeImage {

    private HandMadeImage() {}

    /** A layer: pairs of (name, content); a name ending in / is a directory, content null. */
    static byte[] tar(String... namesAndContents) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                String name = namesAndContents[i];
                byte[] content = namesAndContents[i + 1] == null ? new byte[0]
                        : namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(name);
                entry.setMode(name.endsWith("/") ? 040755 : 0100644);
                entry.setSize(name.endsWith("/") ? 0 : content.length);
                tar.putArchiveEntry(entry);
                if (!name.endsWith("/")) {
                    tar.write(content);
                }
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** Stores an image of {@code layers} (uncompressed tars, stored gzipped) and returns it, untagged. */
    static StoredImage store(Store store, byte[]... layers) throws IOException {
        ImageConfig config = ImageConfig.scratch(Platform.of("linux", "amd64"))
                .withCreated(Instant.parse("2024-01-01T00:00:00Z"));
        List<Descriptor> descriptors = new ArrayList<>();
        for (byte[] layer : layers) {
            ByteArrayOutputStream gz = new ByteArrayOutputStream();
            try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
                out.write(layer);
            }
            Blob blob = store.blobs().put(gz.toByteArray());
            descriptors.add(new Descriptor(MediaType.OCI_LAYER_GZIP, blob.digest(), blob.size()));
            config = config.withLayer(Digest.sha256(layer),
                    History.layer(Instant.parse("2024-01-01T00:00:00Z"), "hand made"));
        }
        Parsed<ImageConfig> configJson = OciJson.serialize(config);
        store.blobs().put(configJson.raw());
        Parsed<?> manifest = OciJson.serialize(ImageManifest.oci(OciJson.configDescriptor(configJson, false),
                descriptors));
        store.blobs().put(manifest.raw());
        return StoredImage.read(store, new Descriptor(MediaType.OCI_MANIFEST, manifest.digest(), manifest.size()));
    }
}
