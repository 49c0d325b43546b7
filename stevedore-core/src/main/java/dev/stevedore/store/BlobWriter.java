package dev.stevedore.store;

import dev.stevedore.oci.Digest;
import java.io.IOException;
import java.io.OutputStream;

/**
 * One blob being written. The lifecycle, edge case by edge case:
 *
 * <ul>
 *   <li><b>write</b>: {@link #write} appends bytes to the staging file, updating the running
 *       digest and count ({@link #digest()}, {@link #written()}). Writing after commit, abort
 *       or close is a programming error ({@link IllegalStateException}).</li>
 *   <li><b>size unknown</b>: pass {@link #UNKNOWN_SIZE} (or call {@link #commit()}); the
 *       size is whatever was written.</li>
 *   <li><b>digest unknown</b>: pass {@code null} as the expected digest; the blob is stored
 *       under the sha256 of what was written.</li>
 *   <li><b>wrong size</b>: {@link #commit(long, Digest)} with an expected size different from
 *       {@link #written()} throws {@link dev.stevedore.diag.InvalidInputException} naming
 *       both sizes; the temp file is removed and nothing appears under any digest.</li>
 *   <li><b>wrong digest</b>: an expected digest that the content does not hash to throws
 *       {@link dev.stevedore.diag.InvalidInputException} naming both digests; the temp file is
 *       removed and nothing appears under either digest. The content is hashed with the
 *       expected digest's algorithm (sha256 or sha512).</li>
 *   <li><b>already exists</b>: when a blob with that digest is in the store already (another
 *       writer won the race, or it was there before), commit succeeds: the existing file is
 *       kept, its modification time refreshed so a running prune keeps it, and the temp file
 *       removed. Commit is idempotent in effect, unlike containerd's {@code AlreadyExists}.</li>
 *   <li><b>durability</b>: before commit returns, the content is fsynced and renamed
 *       atomically into place, and the directory synced.</li>
 *   <li><b>commit twice</b>: the second commit throws {@link IllegalStateException}.</li>
 *   <li><b>abort</b>: {@link #abort()} drops the temp file; after commit it does nothing (the
 *       blob stays). Aborting twice is harmless.</li>
 *   <li><b>close</b>: aborts when not committed; closing twice (or after commit) does
 *       nothing.</li>
 * </ul>
 */
public interface BlobWriter extends AutoCloseable {

    /** The expected size that means "not known": the size is what was written. */
    long UNKNOWN_SIZE = -1;

    /** Appends {@code len} bytes of {@code bytes} from {@code off}. */
    void write(byte[] bytes, int off, int len) throws IOException;

    /** This writer as an {@link OutputStream}; closing the stream does not close the writer. */
    OutputStream stream();

    /** How many bytes were written so far. */
    long written();

    /** The sha256 of the bytes written so far (the algorithm the store names new blobs with). */
    Digest digest();

    /**
     * Verifies and publishes the blob; see the class contract.
     *
     * @param expectedSize {@link #UNKNOWN_SIZE} or the exact size the blob must have
     * @param expected     the digest the blob must have, or {@code null} when unknown
     * @return the stored blob
     */
    Blob commit(long expectedSize, Digest expected) throws IOException;

    /** {@link #commit(long, Digest)} with size and digest unknown. */
    default Blob commit() throws IOException {
        return commit(UNKNOWN_SIZE, null);
    }

    /** Drops what was written; see the class contract. */
    void abort();

    /** Aborts unless committed; see the class contract. */
    @Override
    void close();
}
