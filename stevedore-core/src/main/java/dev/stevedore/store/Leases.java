package dev.stevedore.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stevedore.diag.InternalException;
import dev.stevedore.diag.Sentences;
import dev.stevedore.oci.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;

/** The lease files under {@code leases/}; see {@link Lease}. */
final class Leases {

    private static final String SUFFIX = ".json";

    private final StoreLayout layout;
    private final StoreLock lock;

    Leases(StoreLayout layout, StoreLock lock) {
        this.layout = layout;
        this.lock = lock;
    }

    Lease create() {
        String id = UUID.randomUUID().toString();
        write(id, Set.of());
        return new Lease(this, id);
    }

    void write(String id, Collection<Digest> digests) {
        ProcessHandle self = ProcessHandle.current();
        ObjectNode json = DescriptorNodes.MAPPER.createObjectNode();
        json.put("pid", self.pid());
        self.info().startInstant().ifPresent(start -> json.put("started", start.toString()));
        ArrayNode array = json.putArray("digests");
        digests.forEach(d -> array.add(d.toString()));
        // Under the lock: a prune that is reading the leases finishes first. Not synced: after a
        // power loss the process it names is gone, so the lease would be stale anyway.
        try (var held = lock.acquire()) {
            AtomicFiles.write(file(id), DescriptorNodes.MAPPER.writeValueAsBytes(json), layout.tmp(),
                    AtomicFiles.Durability.NONE);
        } catch (IOException e) {
            throw new InternalException("cannot write lease " + file(id) + ": " + Sentences.reason(e), e);
        }
    }

    void remove(String id) {
        try (var held = lock.acquire()) {
            Files.deleteIfExists(file(id));
        } catch (IOException e) {
            throw new InternalException("cannot remove lease " + file(id) + ": " + Sentences.reason(e), e);
        }
    }

    /**
     * The digests protected by the leases of live processes. Stale leases (dead pid, or a pid
     * reused by a process that started later) and unreadable ones are removed. Call under the lock.
     */
    Set<Digest> liveDigests() {
        Set<Digest> live = new TreeSet<>();
        for (Path file : files()) {
            Optional<JsonNode> lease = readLease(file);
            if (lease.isEmpty() || !isLive(lease.get())) {
                deleteQuietly(file);
                continue;
            }
            for (JsonNode digest : lease.get().path("digests")) {
                try {
                    live.add(Digest.parse(digest.asText()));
                } catch (RuntimeException e) {
                    // A digest we cannot parse names no blob of ours.
                }
            }
        }
        return live;
    }

    private static boolean isLive(JsonNode lease) {
        if (!lease.path("pid").canConvertToLong()) {
            return false;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(lease.path("pid").asLong());
        if (process.isEmpty() || !process.get().isAlive()) {
            return false;
        }
        String started = lease.path("started").asText(null);
        Optional<Instant> actual = process.get().info().startInstant();
        return started == null || actual.isEmpty() || actual.get().toString().equals(started);
    }

    private static Optional<JsonNode> readLease(Path file) {
        try {
            return Optional.of(DescriptorNodes.MAPPER.readTree(Files.readAllBytes(file)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // Next prune tries again.
        }
    }

    private List<Path> files() {
        if (!Files.isDirectory(layout.leases())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(layout.leases())) {
            return files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).toList();
        } catch (IOException | UncheckedIOException e) {
            throw new InternalException("cannot list leases in " + layout.leases() + ": " + e.getMessage(), e);
        }
    }

    private Path file(String id) {
        return layout.leases().resolve(id + SUFFIX);
    }
}
