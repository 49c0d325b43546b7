package dev.stevedore.testing;

import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.Digest;
import dev.stevedore.oci.MediaType;
import dev.stevedore.store.Blob;
import dev.stevedore.store.Store;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Images and OCI archives written by hand, valid or hostile: a config that is not JSON, an index
 * in an index, indexes that form a DAG or a long chain. The JSON is written as text so that
 * nothing of ours can refuse to write what an attacker would.
 */
public final class HostileImages {

    /** Blobs by digest, in the order written; what a store or an archive receives. */
    private final Map<Digest, byte[]> blobs = new LinkedHashMap<>();

    /** Adds a blob; its descriptor. */
    public Descriptor blob(String mediaType, byte[] bytes) {
        Descriptor d = Descriptor.of(mediaType, bytes);
        blobs.putIfAbsent(d.digest(), bytes);
        return d;
    }

    public Descriptor blob(String mediaType, String text) {
        return blob(mediaType, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A one-layer image with a valid config; the manifest's descriptor. */
    public Descriptor image(String file, String content) {
        byte[] layer = new TarBuilder().file(file, content).bytes();
        Descriptor layerDesc = blob(MediaType.OCI_LAYER, layer);
        Descriptor config = blob(MediaType.OCI_CONFIG, """
                {"architecture":"amd64","os":"linux","created":"2026-01-01T00:00:00Z","config":{},\
                "rootfs":{"type":"layers","diff_ids":["%s"]}}""".formatted(Digest.sha256(layer)));
        return manifest(config, layerDesc);
    }

    /** An image whose config blob holds {@code configBytes} as they are (not JSON, say). */
    public Descriptor imageWithConfig(String configBytes) {
        byte[] layer = new TarBuilder().file("f", "x").bytes();
        return manifest(blob(MediaType.OCI_CONFIG, configBytes), blob(MediaType.OCI_LAYER, layer));
    }

    public Descriptor manifest(Descriptor config, Descriptor... layers) {
        StringBuilder list = new StringBuilder();
        for (Descriptor l : layers) {
            list.append(list.isEmpty() ? "" : ",").append(json(l));
        }
        return blob(MediaType.OCI_MANIFEST, """
                {"schemaVersion":2,"mediaType":"%s","config":%s,"layers":[%s]}"""
                .formatted(MediaType.OCI_MANIFEST, json(config), list));
    }

    /** An OCI index listing {@code entries} in that order (repeats kept). */
    public Descriptor index(List<Descriptor> entries) {
        return blob(MediaType.OCI_INDEX, indexJson(entries, null));
    }

    /** Every blob added so far, written into {@code store}. */
    public void writeTo(Store store) {
        blobs.forEach((digest, bytes) -> {
            Blob blob = store.blobs().put(bytes, digest);
            if (!blob.digest().equals(digest)) {
                throw new IllegalStateException("stored under another digest");
            }
        });
    }

    /**
     * An OCI archive ({@code oci-layout}, {@code index.json}, {@code blobs/}) whose index.json
     * lists {@code roots}, each named {@code name} (a full reference) when not null.
     */
    public byte[] ociArchive(List<Descriptor> roots, String name) {
        try (var bytes = new ByteArrayOutputStream(); var tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            add(tar, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
            add(tar, "index.json", indexJson(roots, name).getBytes(StandardCharsets.UTF_8));
            for (var e : blobs.entrySet()) {
                add(tar, "blobs/" + e.getKey().algorithm() + "/" + e.getKey().hex(), e.getValue());
            }
            tar.finish();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void add(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(content.length);
        entry.setMode(0644);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    private static String indexJson(List<Descriptor> entries, String name) {
        StringBuilder list = new StringBuilder();
        for (Descriptor d : entries) {
            String annotation = name == null ? ""
                    : ",\"annotations\":{\"io.containerd.image.name\":\"" + name + "\"}";
            list.append(list.isEmpty() ? "" : ",").append("""
                    {"mediaType":"%s","digest":"%s","size":%d,\
                    "platform":{"architecture":"amd64","os":"linux"}%s}"""
                    .formatted(d.mediaType(), d.digest(), d.size(), annotation));
        }
        return """
                {"schemaVersion":2,"mediaType":"%s","manifests":[%s]}""".formatted(MediaType.OCI_INDEX, list);
    }

    private static String json(Descriptor d) {
        return """
                {"mediaType":"%s","digest":"%s","size":%d}""".formatted(d.mediaType(), d.digest(), d.size());
    }
}
