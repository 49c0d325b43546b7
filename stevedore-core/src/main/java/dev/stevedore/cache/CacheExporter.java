package dev.stevedore.cache;

import dev.stevedore.diag.InternalException;
import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.Digest;
import dev.stevedore.oci.ImageReference;
import dev.stevedore.oci.MediaType;
import dev.stevedore.oci.json.OciJson;
import dev.stevedore.registry.RegistryClient;
import dev.stevedore.store.Lease;
import dev.stevedore.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Writes records and their layers as a shared cache ({@link CacheDocument}). The manifest goes
 * last, so a failed export never leaves a cache that names what is not there: a registry stores
 * the manifest only once its blobs are pushed; a directory's {@code index.json} is replaced by a
 * rename after every blob is in place.
 */
public final class CacheExporter {

    private CacheExporter() {}

    /** Exports {@code records} to {@code location}; the records' layers missing from the store come from {@code origins}. */
    public static Descriptor export(CacheLocation location, List<CacheRecord> records, Store store, Lease lease,
                                    RegistryClient client, Map<Digest, BlobOrigin> origins) {
        CacheDocument.Written written = CacheDocument.write(records);
        byte[] manifestJson = OciJson.write(written.manifest());
        Descriptor manifest = new Descriptor(MediaType.OCI_MANIFEST, Digest.sha256(manifestJson), manifestJson.length,
                Map.of(), Optional.empty(), List.of(), Optional.of(CacheDocument.ARTIFACT_TYPE));
        return switch (location) {
            case CacheLocation.Registry(ImageReference ref) -> {
                List<String> mountFrom = new ArrayList<>();
                for (Descriptor layer : written.manifest().layers()) {
                    if (store.blobs().exists(layer.digest())) {
                        continue;
                    }
                    BlobOrigin origin = origins.get(layer.digest());
                    if (origin instanceof BlobOrigin.InRegistry(RegistryClient c, ImageReference repo)
                            && repo.domain().equals(ref.domain())) {
                        if (!mountFrom.contains(repo.path())) {
                            mountFrom.add(repo.path());
                        }
                    } else {
                        fetch(layer, origin, store, lease);
                    }
                }
                lease.protect(written.configDescriptor().digest(), manifest.digest());
                store.blobs().put(written.config(), written.configDescriptor().digest(), lease);
                store.blobs().put(manifestJson, manifest.digest(), lease);
                client.push(store, manifest, ref, mountFrom);
                yield manifest;
            }
            case CacheLocation.Inline() -> throw new InternalException("an inline cache is written with the image");
            case CacheLocation.Local(Path dir) -> {
                try {
                    for (Descriptor layer : written.manifest().layers()) {
                        if (!store.blobs().exists(layer.digest())) {
                            fetch(layer, origins.get(layer.digest()), store, lease);
                        }
                        try (InputStream in = store.blobs().open(layer.digest())) {
                            put(dir, layer.digest(), in);
                        }
                    }
                    put(dir, written.configDescriptor().digest(), new java.io.ByteArrayInputStream(written.config()));
                    put(dir, manifest.digest(), new java.io.ByteArrayInputStream(manifestJson));
                    replace(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
                    byte[] index = OciJson.write(dev.stevedore.oci.ImageIndex.oci(List.of(
                            manifest.withAnnotation(Descriptor.OCI_REF_NAME, "latest"))));
                    replace(dir.resolve("index.json"), index);
                } catch (IOException e) {
                    throw new InternalException("cannot write the cache into " + dir + ": " + e.getMessage(), e);
                }
                yield manifest;
            }
        };
    }

    /** The annotation value of an inline cache holding {@code records}: the config's JSON text. */
    public static String inline(List<CacheRecord> records) {
        return new String(CacheDocument.write(records).config(), StandardCharsets.UTF_8);
    }

    private static void fetch(Descriptor layer, BlobOrigin origin, Store store, Lease lease) {
        if (origin == null) {
            throw new InternalException("layer " + layer.digest() + " of a cached step is neither in the store nor"
                    + " in an imported cache");
        }
        lease.protect(layer.digest());
        origin.fetch(layer, store, lease);
    }

    /** Writes a blob into the layout at {@code dir} unless it is there (blobs are named by their content). */
    private static void put(Path dir, Digest digest, InputStream in) throws IOException {
        Path target = BlobOrigin.InDirectory.path(dir, digest);
        if (Files.isRegularFile(target)) {
            return;
        }
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling(".tmp-" + UUID.randomUUID());
        try {
            Files.copy(in, tmp);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void replace(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(".tmp-" + UUID.randomUUID());
        try {
            Files.write(tmp, content);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
