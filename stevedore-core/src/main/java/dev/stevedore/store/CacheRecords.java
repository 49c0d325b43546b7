package dev.stevedore.store;

import dev.stevedore.diag.InternalException;
import dev.stevedore.oci.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Build cache records: a cache key (a digest) → a small JSON document that is opaque to the
 * store, plus the blob digests the record needs, which prune keeps. On disk:
 * {@code cache/<alg>/<hex>.json} and, next to it, {@code <hex>.refs} with one digest per line.
 *
 * <p>Each file is written atomically, under the store lock. The references are written first
 * and removed last, so a record never exists without the references that protect its blobs.
 * One fsync per record, the references' content: after a power loss a record is gone (a miss),
 * whole, or unreadable (a miss too: readers check it and that its blobs exist), and references
 * that are there are whole, so fsck and prune never read half a list.
 */
public final class CacheRecords {

    private static final String RECORD = ".json";
    private static final String REFS = ".refs";

    private final StoreLayout layout;
    private final StoreLock lock;

    CacheRecords(StoreLayout layout, StoreLock lock) {
        this.layout = layout;
        this.lock = lock;
    }

    /** Stores a record that references no blobs. */
    public void putRecord(Digest key, byte[] json) {
        putRecord(key, json, Set.of());
    }

    /**
     * Stores (or replaces) the record for {@code key}; prune keeps every blob in
     * {@code references} for as long as the record exists.
     */
    public void putRecord(Digest key, byte[] json, Collection<Digest> references) {
        StringBuilder refs = new StringBuilder();
        new TreeSet<>(references).forEach(d -> refs.append(d).append('\n'));
        try (var held = lock.acquire()) {
            AtomicFiles.write(file(key, REFS), refs.toString().getBytes(StandardCharsets.UTF_8), layout.tmp(),
                    AtomicFiles.Durability.WHOLE_IF_PRESENT);
            AtomicFiles.write(file(key, RECORD), json.clone(), layout.tmp(), AtomicFiles.Durability.NONE);
        } catch (IOException e) {
            throw new InternalException("cannot write cache record " + key + ": " + e.getMessage(), e);
        }
    }

    /** The record for {@code key}, if there is one. */
    public Optional<byte[]> getRecord(Digest key) {
        try {
            return Optional.of(Files.readAllBytes(file(key, RECORD)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new InternalException("cannot read cache record " + key + ": " + e.getMessage(), e);
        }
    }

    /** The blobs the record for {@code key} references; empty when there is no record. */
    public Set<Digest> references(Digest key) {
        try {
            Set<Digest> digests = new TreeSet<>();
            for (String line : Files.readAllLines(file(key, REFS), StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    digests.add(Digest.parse(line.strip()));
                }
            }
            return digests;
        } catch (NoSuchFileException e) {
            return Set.of();
        } catch (IOException e) {
            throw new InternalException("cannot read cache record " + key + ": " + e.getMessage(), e);
        }
    }

    /** The keys of every record, in digest order. */
    public List<Digest> listRecords() {
        return keysOf(RECORD);
    }

    /** Removes the record; true when it was there. Its blobs go at the next prune. */
    public boolean removeRecord(Digest key) {
        try (var held = lock.acquire()) {
            boolean removed = Files.deleteIfExists(file(key, RECORD));
            Files.deleteIfExists(file(key, REFS));
            return removed;
        } catch (IOException e) {
            throw new InternalException("cannot remove cache record " + key + ": " + e.getMessage(), e);
        }
    }

    /**
     * Notes that a build used the record for {@code key} (its file's modification time is its
     * last use, which {@link CacheLimit} removes the least recent first); nothing when it is gone.
     */
    public void touch(Digest key) {
        try {
            Files.setLastModifiedTime(file(key, RECORD), FileTime.from(Instant.now()));
        } catch (NoSuchFileException e) {
            // removed meanwhile (a prune): the build keeps what it holds under its lease
        } catch (IOException e) {
            throw new InternalException("cannot touch cache record " + key + ": " + e.getMessage(), e);
        }
    }

    /** When the record for {@code key} was last used (or written); empty when it is gone. */
    Optional<Instant> lastUsed(Digest key) {
        try {
            return Optional.of(Files.getLastModifiedTime(file(key, RECORD)).toInstant());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new InternalException("cannot read cache record " + key + ": " + e.getMessage(), e);
        }
    }

    /** The blobs of every record, by key. */
    Map<Digest, Set<Digest>> referencesByRecord() {
        Map<Digest, Set<Digest>> all = new TreeMap<>();
        for (Digest key : keysOf(REFS)) {
            all.put(key, references(key));
        }
        return all;
    }

    /** Every blob referenced by any record, including a half-removed one; for prune. */
    Set<Digest> allReferences() {
        Set<Digest> all = new TreeSet<>();
        for (Digest key : keysOf(REFS)) {
            all.addAll(references(key));
        }
        return all;
    }

    private Path file(Digest key, String suffix) {
        return layout.cache().resolve(key.algorithm()).resolve(key.hex() + suffix);
    }

    private List<Digest> keysOf(String suffix) {
        List<Digest> keys = new ArrayList<>();
        if (!Files.isDirectory(layout.cache())) {
            return keys;
        }
        try (Stream<Path> algs = Files.list(layout.cache())) {
            for (Path alg : algs.filter(Files::isDirectory).toList()) {
                try (Stream<Path> files = Files.list(alg)) {
                    files.map(f -> f.getFileName().toString())
                            .filter(n -> n.endsWith(suffix))
                            .forEach(n -> parse(alg.getFileName().toString(),
                                    n.substring(0, n.length() - suffix.length())).ifPresent(keys::add));
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw new InternalException("cannot list cache records in " + layout.cache() + ": " + e.getMessage(), e);
        }
        keys.sort(null);
        return keys;
    }

    private static Optional<Digest> parse(String algorithm, String hex) {
        try {
            return Optional.of(new Digest(algorithm, hex));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
