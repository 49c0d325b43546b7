package dev.stevedore.exec;

import dev.stevedore.cache.CacheExchange;
import dev.stevedore.cache.CacheExporter;
import dev.stevedore.cache.CacheImporter;
import dev.stevedore.cache.CacheLocation;
import dev.stevedore.cache.CacheMode;
import dev.stevedore.cache.CacheRecord;
import dev.stevedore.cache.CacheTarget;
import dev.stevedore.cache.ImportedCache;
import dev.stevedore.diag.Diagnostic;
import dev.stevedore.diag.StevedoreException;
import dev.stevedore.event.BuildEvent;
import dev.stevedore.event.BuildListener;
import dev.stevedore.plan.Base;
import dev.stevedore.plan.BuildPlan;
import dev.stevedore.registry.RegistryClient;
import dev.stevedore.registry.RegistryOptions;
import dev.stevedore.store.Lease;
import dev.stevedore.store.Store;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A build's {@code --cache-from} and {@code --cache-to}: reads the sources before the first step
 * (a source that cannot be used is one warning, and the build goes on without it) and writes the
 * targets after the image (a failure fails the build, unless {@code ignore-error=true}), their layers
 * gzip-compressed ({@link ExportLayers}).
 */
final class SharedCaches implements AutoCloseable {

    private final CacheExchange exchange;
    private final Store store;
    private final Lease lease;
    private final BuildListener listener;
    private final RegistryOptions registry;
    private RegistryClient client;

    SharedCaches(ExecOptions options, Store store, Lease lease) {
        this.exchange = options.sharedCache();
        this.store = store;
        this.lease = lease;
        this.listener = options.listener();
        this.registry = options.pulls().registry().orElseGet(RegistryOptions::defaults);
    }

    /** The sources that could be read, in order; one warning for each that could not. */
    List<ImportedCache> imports() {
        List<ImportedCache> imported = new ArrayList<>();
        for (CacheLocation source : exchange.from()) {
            try {
                imported.add(CacheImporter.read(source, client(), store, lease));
            } catch (StevedoreException | java.io.UncheckedIOException e) {
                warn("--cache-from", "cache " + source + " cannot be used, building without it: " + e.getMessage());
            }
        }
        return imported;
    }

    /**
     * The annotations of the result's manifest: with {@code --cache-to type=inline}, the records
     * of the result's steps (their layers are the image's own).
     */
    java.util.Map<String, String> inline(BuildSession session) {
        boolean inline = exchange.to().stream().anyMatch(t -> t.location() instanceof CacheLocation.Inline);
        if (!inline) {
            return java.util.Map.of();
        }
        return java.util.Map.of(dev.stevedore.cache.CacheDocument.INLINE_ANNOTATION,
                CacheExporter.inline(new ExportLayers(store, lease, session.options.exportCompression())
                        .records(session.cache.used(Optional.of(resultStages(session.plan))))));
    }

    /**
     * Writes every {@code --cache-to} but an inline one (written with the image), each a step of
     * its own, with the records of every platform's session.
     *
     * @return the manifest of the last cache written (BuildKit's {@code cache.manifest}, the last exporter's)
     */
    Optional<dev.stevedore.oci.Descriptor> export(List<BuildSession> sessions, SharedCacheMounts mounts) {
        BuildSession session = sessions.getFirst();
        Optional<dev.stevedore.oci.Descriptor> last = Optional.empty();
        for (CacheTarget target : exchange.to()) {
            if (target.location() instanceof CacheLocation.Inline) {
                continue;
            }
            StepHandle step = session.step("exporting cache to " + target.location());
            try {
                List<CacheRecord> records = sessions.stream().flatMap(each -> each.cache.used(switch (target.mode()) {
                    case MIN -> Optional.of(resultStages(each.plan));
                    case MAX -> Optional.<Set<Integer>>empty();
                }).stream()).distinct().collect(java.util.stream.Collectors.toCollection(ArrayList<CacheRecord>::new));
                java.util.Map<dev.stevedore.oci.Digest, dev.stevedore.cache.BlobOrigin> origins =
                        new java.util.HashMap<>(session.layers.lazy().origins());
                if (target.cacheMounts()) {
                    records.addAll(mounts.records());
                    mounts.origins().forEach(origins::putIfAbsent);
                }
                last = Optional.of(CacheExporter.export(target.location(),
                        new ExportLayers(store, lease, target.compression()).records(records), store, lease, client(), origins));
                step.done();
            } catch (StevedoreException e) {
                if (!target.ignoreError()) {
                    step.failed(e.getMessage());
                    throw e;
                }
                step.done();
                warn("--cache-to", "cache " + target.location() + " was not written (ignore-error=true): "
                        + e.getMessage());
            }
        }
        return last;
    }

    /** The stages whose steps make the result image: the target and the stages it is built {@code FROM}. */
    static Set<Integer> resultStages(BuildPlan plan) {
        Set<Integer> stages = new HashSet<>();
        var stage = plan.target();
        stages.add(stage.index());
        while (stage.base() instanceof Base.FromStage(int parent)) {
            stages.add(parent);
            stage = plan.stage(parent);
        }
        return stages;
    }

    private void warn(String flag, String message) {
        listener.on(new BuildEvent.Warning(Instant.now(), Diagnostic.warning(flag, null, message)));
    }

    private synchronized RegistryClient client() {
        if (client == null) {
            client = new RegistryClient(registry);
        }
        return client;
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
        }
    }
}
