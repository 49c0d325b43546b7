package dev.stevedore.context;

import dev.stevedore.diag.NotFoundException;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * The content digest of exactly what a COPY or ADD reads, for its cache key: over the selected
 * entries in order, each one's destination path, type, permission bits (with setuid, setgid,
 * sticky), uid and gid (when the copy keeps them, see {@link Owners}), and its content (a file) or
 * target (a symlink). Not mtime, not ctime, not inode: two trees with the same content and
 * metadata hash the same wherever and whenever they were made; any one-byte change of a covered
 * field changes the digest.
 *
 * <p>A file's content is hashed once and remembered in a {@link StatCache} against its stat, so
 * an unchanged file is not read again. Safe for concurrent use if the cache is.
 */
public final class ContentHasher {

    private static final int VERSION = 2;
    /** Entries read in parallel at once: enough to keep the cores busy, few enough to cost no heap. */
    private static final int BATCH = 256;

    /** Whether the owners of the files enter the digest. */
    public enum Owners {
        /** The copy keeps them (a stage's or an image's files): they are part of the result. */
        COUNTED,
        /**
         * The copy makes root the owner (the build context, a download, a checkout): who owns the
         * checkout on this machine changes nothing in the result, so keys stay equal across
         * machines and users, as BuildKit's client sends the context as uid 0, gid 0.
         */
        IGNORED
    }

    /** The SHA-256 of no bytes. */
    static final String EMPTY_SHA256 = HexFormat.of().formatHex(sha256().digest());

    private final StatCache cache;
    private final LongSupplier clockNanos;
    private final AtomicLong filesRead = new AtomicLong();

    /** A hasher remembering file hashes in {@code cache}. */
    public ContentHasher(StatCache cache) {
        this(cache, ContentHasher::now);
    }

    ContentHasher(StatCache cache, LongSupplier clockNanos) {
        this.cache = cache;
        this.clockNanos = clockNanos;
    }

    /**
     * The digest of {@code entries}, in their order.
     *
     * @throws NotFoundException    when an entry has disappeared from the context meanwhile
     * @throws UncheckedIOException when an entry cannot be read
     */
    public ContentDigest hash(List<SelectedEntry> entries) {
        return hash(entries, Owners.COUNTED);
    }

    /**
     * The digest of {@code entries}, in their order, their owners counted or not as {@code owners}
     * says. The entries are read (stat, content hash, link target) in parallel over the cores, as
     * a cold context of 20,000 files is mostly SHA-256, a batch at a time so the heap holds one
     * batch of reads, not one per entry; each batch is folded into the digest in order.
     */
    public ContentDigest hash(List<SelectedEntry> entries, Owners owners) {
        MessageDigest sha = sha256();
        try (DataOutputStream out = new DataOutputStream(new DigestOutputStream(OutputStream.nullOutputStream(), sha))) {
            out.writeInt(VERSION);
            out.writeInt(entries.size());
            Read[] reads = new Read[Math.min(BATCH, entries.size())];
            for (int from = 0; from < entries.size(); from += BATCH) {
                int start = from;
                int n = Math.min(BATCH, entries.size() - from);
                readAll(n, i -> reads[i] = read(entries.get(start + i)));
                for (int i = 0; i < n; i++) {
                    write(out, entries.get(start + i), reads[i], owners);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot digest the build context: " + e.getMessage(), e);
        }
        return ContentDigest.of(sha.digest());
    }

    /** Runs {@code read} for 0 to {@code n - 1} over the cores, its failures as sentences. */
    private static void readAll(int n, IntConsumer read) {
        try {
            IntStream.range(0, n).parallel().forEach(read);
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof NoSuchFileException gone) {
                throw new NotFoundException("file \"" + gone.getFile()
                        + "\" disappeared from the build context while it was read", gone);
            }
            throw new UncheckedIOException("cannot read from the build context: " + e.getCause().getMessage(),
                    e.getCause());
        }
    }

    /** How many files this hasher has read (the others came from the cache). */
    public long filesRead() {
        return filesRead.get();
    }

    /** What the digest needs of one entry: its stat, and its content's hash or its link's target. */
    private record Read(FileStat stat, String content) {}

    private Read read(SelectedEntry e) {
        try {
            FileStat stat = FileStat.of(e.hostPath());
            return new Read(stat, switch (e.type()) {
                case FILE -> contentHash(e.hostPath(), stat);
                case SYMLINK -> Files.readSymbolicLink(e.hostPath()).toString();
                case DIRECTORY -> "";
            });
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
    }

    private static void write(DataOutputStream out, SelectedEntry e, Read read, Owners owners) throws IOException {
        FileStat stat = read.stat();
        bytes(out, e.destination().getBytes(StandardCharsets.UTF_8));
        out.writeByte(e.type().ordinal());
        out.writeInt(stat.permissions());
        switch (owners) {
            case COUNTED -> {
                out.writeInt(stat.uid());
                out.writeInt(stat.gid());
            }
            case IGNORED -> {
                out.writeInt(0);
                out.writeInt(0);
            }
        }
        switch (e.type()) {
            case FILE -> bytes(out, read.content().getBytes(StandardCharsets.US_ASCII));
            case SYMLINK -> bytes(out, read.content().getBytes(StandardCharsets.UTF_8));
            case DIRECTORY -> { }
        }
    }

    private String contentHash(Path file, FileStat stat) throws IOException {
        if (stat.size() == 0) {
            // nothing to read, nothing to remember: a context of a million empty files (lock
            // files, markers) costs the stat cache nothing
            return EMPTY_SHA256;
        }
        var cached = cache.lookup(file, stat);
        if (cached.isPresent()) {
            return cached.get();
        }
        long hashedAt = clockNanos.getAsLong();
        MessageDigest sha = sha256();
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) > 0; ) {
                sha.update(buf, 0, n);
            }
        }
        filesRead.incrementAndGet();
        String hex = HexFormat.of().formatHex(sha.digest());
        // only when the file is still what was stat'ed: else the stat and the bytes disagree
        if (FileStat.of(file).equals(stat)) {
            cache.store(file, stat, hex, hashedAt);
        }
        return hex;
    }

    private static void bytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static long now() {
        Instant t = Instant.now();
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
