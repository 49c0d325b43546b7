package dev.stevedore.store;

import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.Digest;
import dev.stevedore.oci.MediaType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * A tiny, valid OCI image built by hand: one gzip layer holding {@code files}, a config, a
 * manifest, all written as blobs of a store (not tagged).
 */
record TestImage(Descriptor manifest, Descriptor config, List<Descriptor> layers) {

    /** Writes an image with one layer holding a file {@code name} with {@code content}. */
    static TestImage write(BlobStore blobs, String name, String content) {
        return write(blobs, name, content, null);
    }

    /** {@link #write(BlobStore, String, String)} with every blob protected by {@code lease}. */
    static TestImage write(BlobStore blobs, String name, String content, Lease lease) {
        byte[] tar = tar(name, content.getBytes(StandardCharsets.UTF_8));
        byte[] layer = gzip(tar);
        Descriptor layerDesc = put(blobs, MediaType.OCI_LAYER_GZIP, layer, lease);
        String config = """
                {"architecture":"amd64","os":"linux","config":{},\
                "rootfs":{"type":"layers","diff_ids":["%s"]},\
                "history":[{"created_by":"stevedore test"}]}""".formatted(Digest.sha256(tar));
        Descriptor configDesc = put(blobs, MediaType.OCI_CONFIG, config.getBytes(StandardCharsets.UTF_8), lease);
        String manifest = """
                {"schemaVersion":2,"mediaType":"%s",\
                "config":{"mediaType":"%s","digest":"%s","size":%d},\
                "layers":[{"mediaType":"%s","digest":"%s","size":%d}]}""".formatted(
                MediaType.OCI_MANIFEST, configDesc.mediaType(), configDesc.digest(), configDesc.size(),
                layerDesc.mediaType(), layerDesc.digest(), layerDesc.size());
        Descriptor manifestDesc = put(blobs, MediaType.OCI_MANIFEST, manifest.getBytes(StandardCharsets.UTF_8), lease);
        return new TestImage(manifestDesc, configDesc, List.of(layerDesc));
    }

    /** An index over {@code manifests}, written as a blob. */
    static Descriptor index(BlobStore blobs, Descriptor... manifests) {
        StringBuilder entries = new StringBuilder();
        for (Descriptor m : manifests) {
            entries.append(entries.isEmpty() ? "" : ",").append("""
                    {"mediaType":"%s","digest":"%s","size":%d,"platform":{"architecture":"amd64","os":"linux"}}"""
                    .formatted(m.mediaType(), m.digest(), m.size()));
        }
        String index = """
                {"schemaVersion":2,"mediaType":"%s","manifests":[%s]}""".formatted(MediaType.OCI_INDEX, entries);
        return put(blobs, MediaType.OCI_INDEX, index.getBytes(StandardCharsets.UTF_8));
    }

    List<Digest> digests() {
        return List.of(manifest.digest(), config.digest(), layers.getFirst().digest());
    }

    static Descriptor put(BlobStore blobs, String mediaType, byte[] bytes) {
        return put(blobs, mediaType, bytes, null);
    }

    static Descriptor put(BlobStore blobs, String mediaType, byte[] bytes, Lease lease) {
        Blob blob = blobs.put(bytes, null, lease);
        return new Descriptor(mediaType, blob.digest(), blob.size());
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
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] gzip(byte[] data) {
        try (var bytes = new ByteArrayOutputStream()) {
            try (var gz = new GzipCompressorOutputStream(bytes)) {
                gz.write(data);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
