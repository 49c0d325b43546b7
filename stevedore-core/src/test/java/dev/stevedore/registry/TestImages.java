package dev.stevedore.registry;

import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.Digest;
import dev.stevedore.oci.MediaType;
import dev.stevedore.oci.Platform;
import dev.stevedore.store.Blob;
import dev.stevedore.store.Store;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Small images written into a store by hand: layers of random bytes, config, manifest, index. */
final class TestImages {

    private TestImages() {}

    /** An image for {@code platform} with layers holding {@code layerSizes} random bytes each. */
    static Descriptor image(Store store, Platform platform, long seed, int... layerSizes) {
        Random random = new Random(seed);
        StringBuilder layers = new StringBuilder();
        StringBuilder diffIds = new StringBuilder();
        for (int size : layerSizes) {
            byte[] content = new byte[size];
            random.nextBytes(content);
            byte[] tar = tar("file-" + seed + "-" + size, content);
            Descriptor layer = put(store, MediaType.OCI_LAYER, tar);
            layers.append(layers.isEmpty() ? "" : ",").append(json(layer));
            diffIds.append(diffIds.isEmpty() ? "" : ",").append('"').append(Digest.sha256(tar)).append('"');
        }
        String config = """
                {"architecture":"%s","os":"%s",%s"config":{},"rootfs":{"type":"layers","diff_ids":[%s]}}"""
                .formatted(platform.architecture(), platform.os(),
                        platform.variant().map(v -> "\"variant\":\"" + v + "\",").orElse(""), diffIds);
        Descriptor configDesc = put(store, MediaType.OCI_CONFIG, config.getBytes(StandardCharsets.UTF_8));
        String manifest = """
                {"schemaVersion":2,"mediaType":"%s","config":%s,"layers":[%s]}"""
                .formatted(MediaType.OCI_MANIFEST, json(configDesc), layers);
        return put(store, MediaType.OCI_MANIFEST, manifest.getBytes(StandardCharsets.UTF_8)).withPlatform(platform);
    }

    /** An OCI index of {@code manifests} (each carrying its platform). */
    static Descriptor index(Store store, List<Descriptor> manifests) {
        StringBuilder entries = new StringBuilder();
        for (Descriptor m : manifests) {
            Platform p = m.platform().orElseThrow();
            entries.append(entries.isEmpty() ? "" : ",").append("""
                    {"mediaType":"%s","digest":"%s","size":%d,"platform":{"architecture":"%s","os":"%s"%s}}"""
                    .formatted(m.mediaType(), m.digest(), m.size(), p.architecture(), p.os(),
                            p.variant().map(v -> ",\"variant\":\"" + v + "\"").orElse("")));
        }
        String index = """
                {"schemaVersion":2,"mediaType":"%s","manifests":[%s]}""".formatted(MediaType.OCI_INDEX, entries);
        return put(store, MediaType.OCI_INDEX, index.getBytes(StandardCharsets.UTF_8));
    }

    static Descriptor put(Store store, String mediaType, byte[] bytes) {
        Blob blob = store.blobs().put(bytes);
        return new Descriptor(mediaType, blob.digest(), blob.size());
    }

    private static String json(Descriptor d) {
        return """
                {"mediaType":"%s","digest":"%s","size":%d}""".formatted(d.mediaType(), d.digest(), d.size());
    }

    static byte[] tar(String name, byte[] content) {
        try (var bytes = new ByteArrayOutputStream(); var tar = new TarArchiveOutputStream(bytes)) {
            TarArchiveEntry entry = new TarArchiveEntry(name);
            entry.setSize(content.length);
            entry.setMode(0644);
            tar.putArchiveEntry(entry);
            tar.write(content);
            tar.closeArchiveEntry();
            tar.finish();
            tar.close();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
