package dev.stevedore.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stevedore.diag.InternalException;
import dev.stevedore.oci.Digest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code snapshots/index.json}: key (diffID or chain ID) → entry, and the next short id.
 * Immutable; read and written whole, by rename, under the index {@link dev.stevedore.fs.LockFile}.
 */
record SnapshotIndex(long next, Map<Digest, Entry> entries) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One snapshot: short id, bytes used, when created and last used, and whether it is a flattened stack. */
    record Entry(String id, long size, Instant created, Instant lastUsed, boolean flattened) {

        Entry touched(Instant now) {
            return new Entry(id, size, created, now, flattened);
        }
    }

    SnapshotIndex {
        entries = Map.copyOf(entries);
    }

    static SnapshotIndex empty() {
        return new SnapshotIndex(1, Map.of());
    }

    Optional<Entry> get(Digest key) {
        return Optional.ofNullable(entries.get(key));
    }

    Optional<Digest> keyOf(String id) {
        return entries.entrySet().stream().filter(e -> e.getValue().id().equals(id)).map(Map.Entry::getKey).findFirst();
    }

    /** The index with {@code entry} for {@code key}; {@code next} moves past a newly used id. */
    SnapshotIndex with(Digest key, Entry entry) {
        Map<Digest, Entry> copy = new TreeMap<>(entries);
        copy.put(key, entry);
        long n = Math.max(next, Long.parseLong(entry.id()) + 1);
        return new SnapshotIndex(n, copy);
    }

    SnapshotIndex without(Digest key) {
        Map<Digest, Entry> copy = new TreeMap<>(entries);
        copy.remove(key);
        return new SnapshotIndex(next, copy);
    }

    static SnapshotIndex read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return empty();
        } catch (IOException e) {
            throw new InternalException("cannot read snapshot index " + file + ": " + e.getMessage(), e);
        }
        try {
            JsonNode root = MAPPER.readTree(bytes);
            Map<Digest, Entry> entries = new TreeMap<>();
            for (var field : root.path("snapshots").properties()) {
                JsonNode e = field.getValue();
                entries.put(Digest.parse(field.getKey()), new Entry(e.path("id").asText(), e.path("size").asLong(),
                        Instant.parse(e.path("created").asText()), Instant.parse(e.path("lastUsed").asText()),
                        e.path("flattened").asBoolean(false)));
            }
            return new SnapshotIndex(root.path("next").asLong(1), entries);
        } catch (IOException | RuntimeException e) {
            throw new InternalException("snapshot index " + file + " is corrupt (" + e.getMessage()
                    + "); remove the snapshots directory to start over", e);
        }
    }

    /** Writes the index to a temp file in {@code tmpDir}, syncs it and renames it over {@code file}. */
    void write(Path file, Path tmpDir) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("next", next);
        ObjectNode snapshots = root.putObject("snapshots");
        new TreeMap<>(entries).forEach((key, e) -> {
            ObjectNode node = snapshots.putObject(key.toString());
            node.put("id", e.id());
            node.put("size", e.size());
            node.put("created", e.created().toString());
            node.put("lastUsed", e.lastUsed().toString());
            if (e.flattened()) {
                node.put("flattened", true);
            }
        });
        try {
            Path temp = TempNames.create(tmpDir, "index", false);
            try {
                try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                    ByteBuffer buffer = ByteBuffer.wrap(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
                    while (buffer.hasRemaining()) {
                        ch.write(buffer);
                    }
                    ch.force(true);
                }
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new InternalException("cannot write snapshot index " + file + ": " + e.getMessage(), e);
        }
    }
}
