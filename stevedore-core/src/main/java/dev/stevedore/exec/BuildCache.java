package dev.stevedore.exec;

import dev.stevedore.cache.CacheRecord;
import dev.stevedore.cache.CacheRecordJson;
import dev.stevedore.cache.ImportedCache;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.oci.Digest;
import dev.stevedore.store.Lease;
import dev.stevedore.store.Store;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The results of layer-making steps by the digest of their {@link CacheKey}: first in the
 * imported shared caches ({@code --cache-from}, in order), then in the store's {@code CacheRecords}.
 * A local record is a hit only while its layer blob is in the store, protected by the build's
 * lease; an imported one is a hit at once, its layer fetched only when its content is needed
 * ({@link LazyLayers}). Every record the build used or made is remembered, by stage, for
 * {@code --cache-to}.
 */
final class BuildCache {

    private final Store store;
    private final Lease lease;
    private final List<ImportedCache> imports;
    private final LazyLayers lazy;
    /** What this build used or made, by key, with the stage it belongs to: what an export holds. */
    private final Map<Digest, Used> used = new LinkedHashMap<>();

    /** A record this build used or made in stage {@code stage}. */
    record Used(int stage, CacheRecord record) {}

    BuildCache(Store store, Lease lease, List<ImportedCache> imports, LazyLayers lazy) {
        this.store = store;
        this.lease = lease;
        this.imports = List.copyOf(imports);
        this.lazy = lazy;
    }

    /** The result recorded under {@code key}, if a shared cache or the store has one. */
    Optional<StepResult> get(CacheKey key, int stage) {
        Digest digest = key.digest();
        for (ImportedCache imported : imports) {
            if (imported.get(digest).orElse(null) instanceof CacheRecord.Step step) {
                StepResult result = result(step);
                result.layer().ifPresent(l -> lazy.note(l, imported.origin()));
                use(stage, step);
                return Optional.of(result);
            }
        }
        Optional<CacheRecord.Step> local = local(digest);
        if (local.isEmpty()) {
            return Optional.empty();
        }
        Optional<CacheRecord.Layer> layer = local.get().layer();
        if (layer.isPresent()) {
            lease.protect(layer.get().blob().digest());
            if (!store.blobs().exists(layer.get().blob().digest())) {
                return Optional.empty();
            }
        }
        use(stage, local.get());
        store.cache().touch(digest);
        return Optional.of(result(local.get()));
    }

    /** Records {@code result} under {@code key}, made in stage {@code stage}. */
    void put(CacheKey key, StepResult result, int stage) {
        CacheRecord.Step step = new CacheRecord.Step(key.digest(), key.facts(), result.created(),
                result.layer().map(l -> new CacheRecord.Layer(l.blob(), l.diffId())));
        store.cache().putRecord(key.digest(), CacheRecordJson.bytes(step),
                result.layer().map(l -> List.of(l.blob().digest())).orElse(List.of()));
        use(stage, step);
    }

    /**
     * Remembers the key of a step that is never looked up (a base image), so that a miss of a
     * step on it can name what changed in it: a record without a layer, which no lookup asks for.
     */
    void remember(CacheKey key, int stage) {
        Digest digest = key.digest();
        CacheRecord.Step step = local(digest).orElseGet(() -> {
            CacheRecord.Step made = new CacheRecord.Step(digest, key.facts(), java.time.Instant.EPOCH, Optional.empty());
            store.cache().putRecord(digest, CacheRecordJson.bytes(made));
            return made;
        });
        use(stage, step);
    }

    /** Every step record this build can see: the imported caches' and the store's (for explaining misses). */
    List<CacheRecord.Step> steps() {
        List<CacheRecord.Step> all = new ArrayList<>();
        for (ImportedCache imported : imports) {
            imported.records().values().forEach(r -> {
                if (r instanceof CacheRecord.Step s) {
                    all.add(s);
                }
            });
        }
        for (Digest key : store.cache().listRecords()) {
            local(key).ifPresent(all::add);
        }
        return all;
    }

    /** The remembered content digest of a {@code COPY --from} selection (see {@code CopyInputs}). */
    Optional<String> selection(Digest key, int stage) {
        for (ImportedCache imported : imports) {
            if (imported.get(key).orElse(null) instanceof CacheRecord.Selection s) {
                use(stage, s);
                return Optional.of(s.digest());
            }
        }
        Optional<String> local = store.cache().getRecord(key)
                .map(bytes -> new String(bytes, StandardCharsets.UTF_8))
                .filter(text -> text.startsWith("sha256:"));
        local.ifPresent(d -> {
            use(stage, new CacheRecord.Selection(key, d));
            store.cache().touch(key);
        });
        return local;
    }

    /** Remembers the content digest of a {@code COPY --from} selection. */
    void putSelection(Digest key, String digest, int stage) {
        store.cache().putRecord(key, digest.getBytes(StandardCharsets.UTF_8));
        use(stage, new CacheRecord.Selection(key, digest));
    }

    /** The records this build used or made in {@code stages} (every stage when empty), in the order they were. */
    synchronized List<CacheRecord> used(Optional<Set<Integer>> stages) {
        List<CacheRecord> records = new ArrayList<>();
        for (Used u : used.values()) {
            if (stages.map(s -> s.contains(u.stage())).orElse(true)) {
                records.add(u.record());
            }
        }
        return records;
    }

    private synchronized void use(int stage, CacheRecord record) {
        used.putIfAbsent(record.key(), new Used(stage, record));
    }

    private Optional<CacheRecord.Step> local(Digest key) {
        Optional<byte[]> raw = store.cache().getRecord(key);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        try {
            return CacheRecordJson.read(raw.get()) instanceof CacheRecord.Step step && step.key().equals(key)
                    ? Optional.of(step) : Optional.empty();
        } catch (InvalidInputException e) {
            // A record we cannot read is a miss; the step runs again and replaces it.
            return Optional.empty();
        }
    }

    private static StepResult result(CacheRecord.Step step) {
        return new StepResult(step.layer().map(l -> new LayerRef(l.blob(), l.diffId())), step.created());
    }
}
