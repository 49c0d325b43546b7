package dev.stevedore.store;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.oci.Digest;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;

/** {@link BlobWriter} over a temp file in {@code tmp/}; see the contract there. */
final class FileBlobWriter implements BlobWriter {

    private enum State { OPEN, COMMITTED, ABORTED }

    private final StoreLayout layout;
    private final Lease lease;
    private final Path temp;
    private final FileChannel channel;
    private final MessageDigest sha256 = Digest.newSha256();
    // Digests in sha512 only when asked to verify one; kept lazily so sha256 pays nothing.
    private MessageDigest sha512;
    // Volatile, so progress can be read while a commit waits for a prune (holding the monitor).
    private volatile long written;
    private State state = State.OPEN;

    /** @param lease protects the blob from prune before it lands; null for none */
    FileBlobWriter(StoreLayout layout, Lease lease) throws IOException {
        this.layout = layout;
        this.lease = lease;
        this.temp = TempFiles.create(layout.tmp(), "blob");
        this.channel = FileChannel.open(temp, StandardOpenOption.WRITE);
    }

    @Override
    public synchronized void write(byte[] bytes, int off, int len) throws IOException {
        requireOpen();
        ByteBuffer buffer = ByteBuffer.wrap(bytes, off, len);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        sha256.update(bytes, off, len);
        written += len;
    }

    @Override
    public OutputStream stream() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                FileBlobWriter.this.write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                FileBlobWriter.this.write(b, off, len);
            }
        };
    }

    @Override
    public long written() {
        return written;
    }

    @Override
    public synchronized Digest digest() {
        return Digest.of("sha256", clone(sha256));
    }

    @Override
    public synchronized Blob commit(long expectedSize, Digest expected) throws IOException {
        requireOpen();
        try {
            Digest actual = expected != null && expected.algorithm().equals("sha512") ? sha512Of() : digest();
            verify(expectedSize, expected, actual);
            if (lease != null) {
                // Before the blob lands, so no prune can see it unprotected.
                lease.protect(actual);
            }
            publish(actual);
            state = State.COMMITTED;
            return new Blob(actual, written);
        } finally {
            if (state != State.COMMITTED) {
                abort();
            }
        }
    }

    private void verify(long expectedSize, Digest expected, Digest actual) {
        if (expectedSize != UNKNOWN_SIZE && expectedSize != written) {
            throw new InvalidInputException("blob " + (expected != null ? expected : actual) + " has " + written
                    + " bytes but " + expectedSize + " were expected");
        }
        if (expected != null && !expected.equals(actual)) {
            throw new InvalidInputException("blob content does not match its digest: expected " + expected
                    + ", got " + actual);
        }
    }

    /**
     * Lands the blob under the shared ingest lock, so a prune is either wholly before (and this
     * commit lands afresh) or wholly after (and sees the fresh time). The fresh mtime is for a
     * prune in another store instance that compares times only. A blob already there is only
     * freshened: the temp file is dropped unsynced, since no reader will ever see it.
     */
    private void publish(Digest digest) throws IOException {
        Path target = layout.blob(digest);
        try (var held = IngestLock.of(layout.ingestLockFile()).shared()) {
            if (freshen(target)) {
                channel.close();
                Files.deleteIfExists(temp);
                return;
            }
            channel.force(true);
            channel.close();
            Files.setLastModifiedTime(temp, FileTime.from(Instant.now()));
            AtomicFiles.moveInto(temp, target);
        }
    }

    /** Gives the blob at {@code target} a fresh mtime if it exists; call under the shared ingest lock. */
    static boolean freshen(Path target) throws IOException {
        try {
            Files.setLastModifiedTime(target, FileTime.from(Instant.now()));
            return true;
        } catch (java.nio.file.NoSuchFileException e) {
            return false;
        }
    }

    /** sha512 needs a second pass: the store digests with sha256 while streaming. */
    private Digest sha512Of() throws IOException {
        if (sha512 == null) {
            sha512 = newSha512();
            try (var in = Files.newInputStream(temp)) {
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    sha512.update(buffer, 0, n);
                }
            }
        }
        return Digest.of("sha512", clone(sha512));
    }

    @Override
    public synchronized void abort() {
        if (state != State.OPEN) {
            return;
        }
        state = State.ABORTED;
        try {
            channel.close();
        } catch (IOException e) {
            // The file is deleted next; nothing else to release.
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            // Left for fsck --repair: the name carries our pid, so it is recognized once we exit.
        }
    }

    @Override
    public void close() {
        abort();
    }

    private void requireOpen() {
        if (state != State.OPEN) {
            throw new IllegalStateException("blob writer already " + state.name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    private static MessageDigest newSha512() {
        try {
            return MessageDigest.getInstance("SHA-512");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-512", e);
        }
    }

    private static MessageDigest clone(MessageDigest md) {
        try {
            return (MessageDigest) md.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA digests are cloneable", e);
        }
    }
}
