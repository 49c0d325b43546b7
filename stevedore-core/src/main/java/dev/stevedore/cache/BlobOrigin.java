package dev.stevedore.cache;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.diag.NotFoundException;
import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.Digest;
import dev.stevedore.oci.ImageReference;
import dev.stevedore.registry.RegistryClient;
import dev.stevedore.store.BlobWriter;
import dev.stevedore.store.Lease;
import dev.stevedore.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Where the layers of an imported cache are, to be fetched into the store only when a build needs their content. */
public sealed interface BlobOrigin permits BlobOrigin.InRegistry, BlobOrigin.InDirectory {

    /** Fetches {@code blob} into {@code store} under {@code lease}, verified as it lands. */
    void fetch(Descriptor blob, Store store, Lease lease);

    /** A registry repository; the client is the build's. */
    record InRegistry(RegistryClient client, ImageReference repository) implements BlobOrigin {
        @Override
        public void fetch(Descriptor blob, Store store, Lease lease) {
            client.fetchBlob(repository, blob, store, lease);
        }
    }

    /** A directory holding an OCI image layout. */
    record InDirectory(Path dir) implements BlobOrigin {
        @Override
        public void fetch(Descriptor blob, Store store, Lease lease) {
            try (InputStream in = Files.newInputStream(path(dir, blob.digest()));
                 BlobWriter writer = store.blobs().writer(lease)) {
                in.transferTo(writer.stream());
                writer.commit(blob.size(), blob.digest());
            } catch (NoSuchFileException e) {
                throw new NotFoundException("cache " + dir + ": blob " + blob.digest() + " is missing");
            } catch (IOException | InvalidInputException e) {
                throw new InvalidInputException("cache " + dir + ": blob " + blob.digest() + " cannot be read: "
                        + e.getMessage(), e);
            }
        }

        /** The file of blob {@code digest} in the layout at {@code dir} (a digest's hex never leaves its directory). */
        static Path path(Path dir, Digest digest) {
            return dir.resolve("blobs").resolve(digest.algorithm()).resolve(digest.hex());
        }
    }
}
