package dev.stevedore.context;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;

/**
 * A {@link StatCache} kept in one file, {@code content-hashes}, in a directory the caller owns
 * (the engine puts it under the store root). {@link #open} loads it; {@link #save} writes it
 * back by atomic rename, so a reader never sees half a file and concurrent builds only ever
 * lose each other's newest entries (a re-read later). A file that is corrupt, truncated or of
 * another version is ignored: the cache starts empty and is rebuilt.
 *
 * <p>Racy entries, as git calls them, are not trusted: a file changed in the same timestamp
 * tick as it was hashed keeps its stat, so an entry whose file's ctime or mtime is not clearly
 * older than the moment of hashing misses (and is stored again, now trustworthy).
 */
public final class FileStatCache implements StatCache {

    /** More than the kernel's coarse-clock tick (at most 10 ms), with room for clock reads. */
    static final long RACY_WINDOW_NANOS = 100_000_000L;

    private static final String FILE_NAME = "content-hashes";
    private static final int MAGIC = 0x53444348; // "SDCH"
    private static final int VERSION = 1;

    private record Entry(FileStat stat, String hex, long hashedAt) {}

    private final Path file;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();

    private FileStatCache(Path file) {
        this.file = file;
    }

    /**
     * The cache kept in {@code dir}, created when missing.
     *
     * @throws UncheckedIOException when {@code dir} cannot be created
     */
    public static FileStatCache open(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the content hash cache " + dir, e);
        }
        FileStatCache cache = new FileStatCache(dir.resolve(FILE_NAME));
        cache.load();
        return cache;
    }

    @Override
    public Optional<String> lookup(Path file, FileStat stat) {
        Entry e = entries.get(key(file));
        boolean hit = e != null && e.stat.equals(stat)
                && Math.max(stat.ctimeNanos(), stat.mtimeNanos()) < e.hashedAt - RACY_WINDOW_NANOS;
        (hit ? hits : misses).incrementAndGet();
        return hit ? Optional.of(e.hex) : Optional.empty();
    }

    @Override
    public void store(Path file, FileStat stat, String sha256Hex, long hashedAtNanos) {
        entries.put(key(file), new Entry(stat, sha256Hex, hashedAtNanos));
    }

    /** Lookups answered since {@link #open}. */
    public long hits() {
        return hits.get();
    }

    /** Lookups not answered since {@link #open}. */
    public long misses() {
        return misses.get();
    }

    /** How many files the cache knows. */
    public int size() {
        return entries.size();
    }

    /**
     * Writes the cache back to its file (temp file, then atomic rename).
     *
     * @throws UncheckedIOException when it cannot be written
     */
    public synchronized void save() {
        Path tmp = file.resolveSibling(FILE_NAME + "." + ProcessHandle.current().pid() + "." + System.nanoTime() + ".tmp");
        try {
            Files.write(tmp, encode());
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the content hash cache " + file, e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // a leftover temp file is harmless: it is never read
            }
        }
    }

    private static String key(Path file) {
        return file.toAbsolutePath().normalize().toString();
    }

    private byte[] encode() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        Map<String, Entry> snapshot = Map.copyOf(entries);
        out.writeInt(snapshot.size());
        for (Map.Entry<String, Entry> me : snapshot.entrySet()) {
            byte[] path = me.getKey().getBytes(StandardCharsets.UTF_8);
            out.writeInt(path.length);
            out.write(path);
            FileStat s = me.getValue().stat;
            out.writeLong(s.size());
            out.writeLong(s.mtimeNanos());
            out.writeLong(s.ctimeNanos());
            out.writeLong(s.inode());
            out.writeInt(s.mode());
            out.writeInt(s.uid());
            out.writeInt(s.gid());
            out.writeLong(me.getValue().hashedAt);
            out.write(HexFormat.of().parseHex(me.getValue().hex));
        }
        CRC32 crc = new CRC32();
        crc.update(bytes.toByteArray());
        out.writeLong(crc.getValue());
        return bytes.toByteArray();
    }

    /** Loads the file when it is whole and of this version; anything else leaves the cache empty. */
    private void load() {
        byte[] data;
        try {
            data = Files.readAllBytes(file);
        } catch (IOException e) {
            return;
        }
        if (data.length < 8) {
            return;
        }
        CRC32 crc = new CRC32();
        crc.update(data, 0, data.length - 8);
        if (crc.getValue() != ByteBuffer.wrap(data, data.length - 8, 8).getLong()) {
            return;
        }
        try {
            entries.putAll(decode(new DataInputStream(new java.io.ByteArrayInputStream(data, 0, data.length - 8))));
        } catch (IOException | RuntimeException e) {
            // corrupt in a way the checksum missed: start empty, the next save replaces it
        }
    }

    private static Map<String, Entry> decode(DataInputStream in) throws IOException {
        if (in.readInt() != MAGIC || in.readInt() != VERSION) {
            return Map.of();
        }
        int n = in.readInt();
        Map<String, Entry> out = new java.util.HashMap<>();
        for (int i = 0; i < n; i++) {
            int len = in.readInt();
            if (len < 0 || len > in.available()) {
                throw new EOFException("bad path length");
            }
            String path = new String(in.readNBytes(len), StandardCharsets.UTF_8);
            FileStat stat = new FileStat(in.readLong(), in.readLong(), in.readLong(), in.readLong(),
                    in.readInt(), in.readInt(), in.readInt());
            long hashedAt = in.readLong();
            byte[] hash = in.readNBytes(32);
            if (hash.length != 32) {
                throw new EOFException("truncated hash");
            }
            out.put(path, new Entry(stat, HexFormat.of().formatHex(hash), hashedAt));
        }
        return out;
    }
}
