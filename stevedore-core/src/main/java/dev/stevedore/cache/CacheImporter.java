package dev.stevedore.cache;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.diag.NotFoundException;
import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.ImageIndex;
import dev.stevedore.oci.ImageReference;
import dev.stevedore.oci.ImageManifest;
import dev.stevedore.oci.Manifest;
import dev.stevedore.oci.json.OciJson;
import dev.stevedore.registry.RegistryClient;
import dev.stevedore.store.Lease;
import dev.stevedore.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads a shared cache: its manifest and config, nothing more (the layers stay where they are
 * until a hit needs one). Every failure is a {@link dev.stevedore.diag.StevedoreException} whose
 * sentence says what is wrong with the cache; the build turns it into a warning and goes on cold.
 */
public final class CacheImporter {

    private static final int MAX_MANIFEST = 4 << 20;

    private CacheImporter() {}

    /**
     * @param client the build's registry client, for a registry cache
     * @param lease  protects the config blob fetched into {@code store}
     */
    public static ImportedCache read(CacheLocation location, RegistryClient client, Store store, Lease lease) {
        return switch (location) {
            case CacheLocation.Registry(var ref) -> {
                Manifest top = client.manifest(ref).value();
                if (top instanceof ImageIndex index) {
                    // an image pushed with attestations (or for several platforms): the inline cache
                    // of its first image that has one (one platform's records: see cache-format.md)
                    for (Descriptor entry : index.images()) {
                        ImageReference byDigest = ImageReference.parse(ref.name() + "@" + entry.digest());
                        if (client.manifest(byDigest).value() instanceof ImageManifest image
                                && image.annotations().containsKey(CacheDocument.INLINE_ANNOTATION)) {
                            top = image;
                            break;
                        }
                    }
                }
                if (top instanceof ImageManifest image && image.annotations().containsKey(CacheDocument.INLINE_ANNOTATION)) {
                    // an image pushed with --cache-to type=inline: its records in an annotation, its layers its own
                    byte[] config = image.annotations().get(CacheDocument.INLINE_ANNOTATION)
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    yield ImportedCache.of(location, CacheDocument.read(image, config), new BlobOrigin.InRegistry(client, ref));
                }
                ImageManifest manifest = cacheManifest(top);
                Descriptor config = manifest.config();
                checkConfigSize(config);
                lease.protect(config.digest());
                if (!store.blobs().exists(config.digest())) {
                    client.fetchBlob(ref, config, store, lease);
                }
                byte[] bytes = store.blobs().read(config.digest());
                yield ImportedCache.of(location, CacheDocument.read(manifest, bytes),
                        new BlobOrigin.InRegistry(client, ref));
            }
            case CacheLocation.Local(Path dir) -> {
                ImageManifest manifest = cacheManifest(localManifest(dir));
                checkConfigSize(manifest.config());
                byte[] config = readVerified(dir, manifest.config(), CacheDocument.MAX_CONFIG);
                yield ImportedCache.of(location, CacheDocument.read(manifest, config), new BlobOrigin.InDirectory(dir));
            }
            case CacheLocation.Inline() -> throw new InvalidInputException(
                    "type=inline is written with the image; read it with --cache-from IMAGE");
        };
    }

    private static ImageManifest cacheManifest(Manifest top) {
        return switch (top) {
            case ImageManifest m when CacheDocument.isCache(m) -> m;
            case ImageManifest m -> throw new InvalidInputException("it is not a Stevedore cache (its config is "
                    + m.config().mediaType() + ", and it has no inline cache)");
            case ImageIndex i -> throw new InvalidInputException("it is an index, not a Stevedore cache");
        };
    }

    private static void checkConfigSize(Descriptor config) {
        if (config.size() > CacheDocument.MAX_CONFIG || config.size() < 0) {
            throw new InvalidInputException("its config is " + config.size() + " bytes, more than a cache's "
                    + CacheDocument.MAX_CONFIG);
        }
    }

    /** The cache manifest an OCI layout's {@code index.json} names: the last one of {@link CacheDocument#ARTIFACT_TYPE}. */
    private static Manifest localManifest(Path dir) {
        byte[] index;
        try {
            index = Files.readAllBytes(dir.resolve("index.json"));
        } catch (NoSuchFileException e) {
            throw new NotFoundException("it has no index.json");
        } catch (IOException e) {
            throw new InvalidInputException("its index.json cannot be read: " + e.getMessage(), e);
        }
        List<Descriptor> manifests = OciJson.readIndex(index, dir + "/index.json").value().manifests();
        Descriptor chosen = manifests.stream()
                .filter(d -> d.artifactType().map(CacheDocument.ARTIFACT_TYPE::equals).orElse(false))
                .reduce((a, b) -> b)
                .or(() -> manifests.isEmpty() ? Optional.empty() : Optional.of(manifests.getLast()))
                .orElseThrow(() -> new NotFoundException("its index.json names no manifest"));
        return OciJson.readManifest(readVerified(dir, chosen, MAX_MANIFEST), dir + " " + chosen.digest()).value();
    }

    private static byte[] readVerified(Path dir, Descriptor d, long max) {
        if (d.size() > max) {
            throw new InvalidInputException("blob " + d.digest() + " is " + d.size() + " bytes, more than " + max);
        }
        Path file = BlobOrigin.InDirectory.path(dir, d.digest());
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes((int) max + 1);
        } catch (NoSuchFileException e) {
            throw new NotFoundException("blob " + d.digest() + " is missing");
        } catch (IOException e) {
            throw new InvalidInputException("blob " + d.digest() + " cannot be read: " + e.getMessage(), e);
        }
        if (bytes.length != d.size() || !d.digest().matches(bytes)) {
            throw new InvalidInputException("blob " + d.digest() + " does not match its digest or size (corrupt or truncated)");
        }
        return bytes;
    }
}
