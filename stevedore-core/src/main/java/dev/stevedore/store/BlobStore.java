package dev.stevedore.store;

import dev.stevedore.diag.InternalException;
import dev.stevedore.diag.NotFoundException;
import dev.stevedore.oci.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The blobs of the store's OCI layout, {@code oci/blobs/<alg>/<hex>}: content addressed,
 * written once through an {@link Ingester} and never changed. Removal is for prune and fsck
 * only, which is why {@link #delete} is not public.
 */
public final class BlobStore implements Ingester {

    private final StoreLayout layout;

    BlobStore(StoreLayout layout) {
        this.layout = layout;
    }

    @Override
    public BlobWriter writer() {
        return writer(null);
    }

    @Override
    public BlobWriter writer(Lease lease) {
        try {
            return new FileBlobWriter(layout, lease);
        } catch (IOException e) {
            throw new InternalException("cannot stage a blob in " + layout.tmp() + ": " + e.getMessage(), e);
        }
    }

    /** Stores {@code bytes} as a blob under their sha256. */
    public Blob put(byte[] bytes) {
        return put(bytes, null);
    }

    /**
     * Stores {@code bytes}, verified against {@code expected} when it is not null.
     *
     * @throws dev.stevedore.diag.InvalidInputException when the bytes do not match {@code expected}
     */
    public Blob put(byte[] bytes, Digest expected) {
        return put(bytes, expected, null);
    }

    /**
     * {@link #put(byte[], Digest)} protected by {@code lease} (may be null); see {@link #writer(Lease)}.
     * Bytes already stored (a config or manifest built again) are not written again.
     */
    public Blob put(byte[] bytes, Digest expected, Lease lease) {
        Digest digest = Digest.sha256(bytes);
        if (expected == null || expected.equals(digest)) {
            if (lease != null) {
                lease.protect(digest); // before we look: a prune after this keeps it
            }
            try (var held = IngestLock.of(layout.ingestLockFile()).shared()) {
                if (FileBlobWriter.freshen(layout.blob(digest))) {
                    return new Blob(digest, bytes.length);
                }
            } catch (IOException e) {
                throw new InternalException("cannot write blob to store " + layout.root() + ": " + e.getMessage(), e);
            }
        }
        try (BlobWriter writer = writer(lease)) {
            writer.write(bytes, 0, bytes.length);
            return writer.commit(bytes.length, expected);
        } catch (IOException e) {
            throw new InternalException("cannot write blob to store " + layout.root() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Streams {@code in} into a blob, verified against {@code expectedSize} (or
     * {@link BlobWriter#UNKNOWN_SIZE}) and {@code expected} (or null).
     */
    public Blob put(InputStream in, long expectedSize, Digest expected) throws IOException {
        try (BlobWriter writer = writer()) {
            in.transferTo(writer.stream());
            return writer.commit(expectedSize, expected);
        }
    }

    /** Whether the blob is in the store. */
    public boolean exists(Digest digest) {
        return Files.isRegularFile(layout.blob(digest));
    }

    /**
     * Opens the blob for reading.
     *
     * @throws NotFoundException when it is not in the store
     */
    public InputStream open(Digest digest) {
        try {
            return Files.newInputStream(layout.blob(digest));
        } catch (NoSuchFileException e) {
            throw notFound(digest);
        } catch (IOException e) {
            throw new InternalException("cannot read blob " + digest + " in store " + layout.root() + ": "
                    + e.getMessage(), e);
        }
    }

    /** Reads the whole blob; for manifests, configs and other small blobs. */
    public byte[] read(Digest digest) {
        try (InputStream in = open(digest)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new InternalException("cannot read blob " + digest + " in store " + layout.root() + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * The blob's size in bytes.
     *
     * @throws NotFoundException when it is not in the store
     */
    public long size(Digest digest) {
        try {
            return Files.size(layout.blob(digest));
        } catch (NoSuchFileException e) {
            throw notFound(digest);
        } catch (IOException e) {
            throw new InternalException("cannot stat blob " + digest + ": " + e.getMessage(), e);
        }
    }

    /** Every blob in the store whose file name is a valid digest, in digest order. */
    public List<Digest> list() {
        List<Digest> digests = new ArrayList<>();
        for (Path file : files()) {
            toDigest(file).ifPresent(digests::add);
        }
        digests.sort(null);
        return digests;
    }

    /** The regular files under {@code blobs/<alg>/}, whatever their names. */
    List<Path> files() {
        if (!Files.isDirectory(layout.blobs())) {
            return List.of();
        }
        try (Stream<Path> algs = Files.list(layout.blobs())) {
            List<Path> files = new ArrayList<>();
            for (Path alg : algs.filter(Files::isDirectory).toList()) {
                try (Stream<Path> blobs = Files.list(alg)) {
                    blobs.filter(Files::isRegularFile).forEach(files::add);
                }
            }
            return files;
        } catch (IOException | UncheckedIOException e) {
            throw new InternalException("cannot list blobs of store " + layout.root() + ": " + e.getMessage(), e);
        }
    }

    static java.util.Optional<Digest> toDigest(Path file) {
        try {
            return java.util.Optional.of(new Digest(file.getParent().getFileName().toString(),
                    file.getFileName().toString()));
        } catch (RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /** Removes the blob; true when it was there. For prune and fsck only. */
    boolean delete(Digest digest) throws IOException {
        return Files.deleteIfExists(layout.blob(digest));
    }

    NotFoundException notFound(Digest digest) {
        return new NotFoundException("blob " + digest + " not found in store " + layout.root());
    }
}
