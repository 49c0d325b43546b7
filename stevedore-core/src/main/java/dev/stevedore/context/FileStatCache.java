package dev.stevedore.context;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * A {@link StatCache} kept in one file, {@code content-hashes}, in a directory the caller owns
 * (the engine puts it under the store root). {@link #open} loads it; {@link #save} writes it
 * back by atomic rename, so a reader never sees half a file and concurrent builds only ever
 * lose each other's newest entries (a re-read later). A file that is corrupt, truncated or of
 * another version is ignored: the cache starts empty and is rebuilt.
 *
 * <p>It holds at most {@link #DEFAULT_CAPACITY} files (about 270 bytes of heap each, so about
 * 27 MB however many files a store's builds hash): a context of a million files needs no more.
 * When it is full, a new entry takes the place of one this process has not used (loaded from
 * the file and neither looked up nor stored since), and when every entry has been used the new
 * one is not kept: a file the cache forgot is only read again.
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
    /** 2: entries end with a length of -1 instead of starting with a count, so saving streams. */
    private static final int VERSION = 2;
    private static final int END = -1;
    /** The most files remembered: about 27 MB of heap. */
    static final int DEFAULT_CAPACITY = 100_000;

    /**
     * The hash as bytes, not hex: half the memory per file, for contexts of a million files.
     * {@code used}: looked up or stored by this process, so not the first to be forgotten.
     */
    private record Entry(FileStat stat, byte[] sha256, long hashedAt, boolean used) {
        Entry asUsed() {
            return used ? this : new Entry(stat, sha256, hashedAt, true);
        }
    }

    private final Path file;
    private final int capacity;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    /** Walks the entries once, in search of unused ones to forget when the cache is full. */
    private Iterator<Map.Entry<String, Entry>> evictable;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    /** Whether anything was stored since {@link #open}: a no-change build leaves the file as it was. */
    private volatile boolean changed;

    private FileStatCache(Path file, int capacity) {
        this.file = file;
        this.capacity = capacity;
    }

    /**
     * The cache kept in {@code dir}, created when missing.
     *
     * @throws UncheckedIOException when {@code dir} cannot be created
     */
    public static FileStatCache open(Path dir) {
        return open(dir, DEFAULT_CAPACITY);
    }

    /** The cache kept in {@code dir}, remembering at most {@code capacity} files. */
    static FileStatCache open(Path dir, int capacity) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the content hash cache " + dir, e);
        }
        FileStatCache cache = new FileStatCache(dir.resolve(FILE_NAME), capacity);
        cache.load();
        cache.evictable = cache.entries.entrySet().iterator();
        return cache;
    }

    @Override
    public Optional<String> lookup(Path file, FileStat stat) {
        Entry e = entries.get(key(file));
        boolean hit = e != null && e.stat.equals(stat)
                && Math.max(stat.ctimeNanos(), stat.mtimeNanos()) < e.hashedAt - RACY_WINDOW_NANOS;
        (hit ? hits : misses).incrementAndGet();
        if (hit && !e.used) {
            entries.replace(key(file), e, e.asUsed());
        }
        return hit ? Optional.of(HexFormat.of().formatHex(e.sha256)) : Optional.empty();
    }

    @Override
    public void store(Path file, FileStat stat, String sha256Hex, long hashedAtNanos) {
        String key = key(file);
        Entry entry = new Entry(stat, HexFormat.of().parseHex(sha256Hex), hashedAtNanos, true);
        changed = true;
        if (entries.replace(key, entry) == null && (entries.size() < capacity || forgetOneUnused())) {
            entries.put(key, entry);
        }
    }

    /** @return whether an entry this process has not used was forgotten, to make room */
    private synchronized boolean forgetOneUnused() {
        while (evictable.hasNext()) {
            Map.Entry<String, Entry> candidate = evictable.next();
            if (!candidate.getValue().used() && entries.remove(candidate.getKey(), candidate.getValue())) {
                return true;
            }
        }
        return false;
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
     * Writes the cache back to its file (temp file, then atomic rename), streaming: no copy of the
     * cache is made in memory. Nothing is written when nothing was stored since {@link #open}
     * (what a lookup marks as used is this process's own knowledge, not part of the file).
     *
     * @throws UncheckedIOException when it cannot be written
     */
    public synchronized void save() {
        if (!changed) {
            return;
        }
        Path tmp = file.resolveSibling(FILE_NAME + "." + ProcessHandle.current().pid() + "." + System.nanoTime() + ".tmp");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 64 * 1024)) {
                encode(out);
            }
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

    /** MAGIC, VERSION, the entries, {@link #END}, then the CRC32 of all that. */
    private void encode(OutputStream sink) throws IOException {
        CheckedOutputStream checked = new CheckedOutputStream(sink, new CRC32());
        DataOutputStream out = new DataOutputStream(checked);
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        for (Map.Entry<String, Entry> me : entries.entrySet()) {
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
            out.write(me.getValue().sha256);
        }
        out.writeInt(END);
        out.flush();
        new DataOutputStream(sink).writeLong(checked.getChecksum().getValue());
    }

    /**
     * Loads the file when it is whole and of this version; anything else leaves the cache empty.
     * Read as a stream; the entries count only once the checksum at the end matches.
     */
    private void load() {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 64 * 1024)) {
            CheckedInputStream checked = new CheckedInputStream(raw, new CRC32());
            Map<String, Entry> read = decode(new DataInputStream(checked), capacity);
            long crc = checked.getChecksum().getValue();
            if (!read.isEmpty() && new DataInputStream(raw).readLong() == crc) {
                entries.putAll(read);
            }
        } catch (IOException | RuntimeException e) {
            // missing, truncated or corrupt: start empty, the next save replaces it
        }
    }

    /** Reads every entry, to check the sum, and keeps the first {@code capacity}. */
    private static Map<String, Entry> decode(DataInputStream in, int capacity) throws IOException {
        if (in.readInt() != MAGIC || in.readInt() != VERSION) {
            return Map.of();
        }
        Map<String, Entry> out = new java.util.HashMap<>();
        for (int len = in.readInt(); len != END; len = in.readInt()) {
            if (len < 0 || len > 64 * 1024) {
                throw new EOFException("bad path length");
            }
            byte[] name = in.readNBytes(len);
            if (name.length != len) {
                throw new EOFException("truncated path");
            }
            String path = new String(name, StandardCharsets.UTF_8);
            FileStat stat = new FileStat(in.readLong(), in.readLong(), in.readLong(), in.readLong(),
                    in.readInt(), in.readInt(), in.readInt());
            long hashedAt = in.readLong();
            byte[] hash = in.readNBytes(32);
            if (hash.length != 32) {
                throw new EOFException("truncated hash");
            }
            if (out.size() < capacity) {
                out.put(path, new Entry(stat, hash, hashedAt, false));
            }
        }
        return out;
    }
}
