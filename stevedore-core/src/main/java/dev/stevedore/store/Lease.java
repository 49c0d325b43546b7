package dev.stevedore.store;

import dev.stevedore.oci.Digest;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a running build holds so prune leaves its blobs alone: a file {@code leases/<id>.json}
 * with the build's pid (and process start time) and the digests it protects. Prune keeps
 * those blobs for as long as the file exists and the process lives; the lease of a process
 * that died is stale, ignored and removed.
 *
 * <p>Blobs the build writes: pass the lease to {@link BlobStore#writer(Lease)}, which protects
 * each blob before it lands. Blobs already in the store (a cache hit): protect them first,
 * then check they still {@linkplain BlobStore#exists exist}: {@link #protect} waits for a
 * prune that is running, so afterwards a blob is either there and safe, or gone and must be
 * fetched or built again.
 * Closing the lease releases everything; closing twice is harmless.
 */
public final class Lease implements AutoCloseable {

    private final Leases leases;
    private final String id;
    private final Set<Digest> digests = new TreeSet<>();
    private boolean closed;

    Lease(Leases leases, String id) {
        this.leases = leases;
        this.id = id;
    }

    /** The lease's id, the file name under {@code leases/} without {@code .json}. */
    public String id() {
        return id;
    }

    /** Adds blobs to protect; see the class Javadoc for the order of operations. */
    public synchronized void protect(Collection<Digest> more) {
        if (closed) {
            throw new IllegalStateException("lease " + id + " is closed");
        }
        digests.addAll(more);
        leases.write(id, digests);
    }

    /** {@link #protect(Collection)} for a few digests. */
    public void protect(Digest... more) {
        protect(List.of(more));
    }

    /** The blobs protected so far. */
    public synchronized Set<Digest> digests() {
        return Set.copyOf(digests);
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            leases.remove(id);
        }
    }
}
