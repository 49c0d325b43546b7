package dev.stevedore.exec;

import dev.stevedore.diag.NotFoundException;
import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.Digest;
import dev.stevedore.oci.ImageConfig;
import dev.stevedore.oci.ImageIndex;
import dev.stevedore.oci.ImageManifest;
import dev.stevedore.oci.ImageReference;
import dev.stevedore.oci.Manifest;
import dev.stevedore.oci.Platform;
import dev.stevedore.oci.PlatformMatcher;
import dev.stevedore.oci.json.OciJson;
import dev.stevedore.oci.json.Parsed;
import dev.stevedore.registry.PullResult;
import dev.stevedore.registry.RegistryClient;
import dev.stevedore.registry.RegistryOptions;
import dev.stevedore.registry.Transfer;
import dev.stevedore.store.Lease;
import dev.stevedore.store.Store;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Resolves base images once per build, however many stages use them (concurrent callers for one
 * reference share one lookup). An image comes from the local store's tags when it is there, else
 * (and always with {@code --pull}) from its registry, as {@link Pulls} says; a pull's progress goes
 * to the steps that wait for the image.
 */
final class BaseImages {

    private final Store store;
    private final Lease lease;
    private final Platform platform;
    private final Pulls pulls;
    private final Map<String, CompletableFuture<BaseImage>> loaded = new ConcurrentHashMap<>();
    /** The steps (FROM) that wait for each reference, told of its pull's progress. */
    private final Map<String, List<StepHandle>> watchers = new ConcurrentHashMap<>();
    /**
     * The latest transfer of each blob of each reference's pull, replayed to a step that starts
     * waiting after the pull began (pulls start ahead, a stage's FROM only when its inputs are done).
     * Guarded by {@code this}, with {@link #watchers}' changes, so no transfer is missed or doubled.
     */
    private final Map<String, Map<Digest, Transfer>> transfers = new HashMap<>();

    BaseImages(Store store, Lease lease, Platform platform, Pulls pulls) {
        this.store = store;
        this.lease = lease;
        this.platform = platform;
        this.pulls = pulls;
    }

    /** The images resolved so far, sorted by reference (those that failed left out). */
    List<ResolvedBase> resolved() {
        return loaded.values().stream()
                .filter(f -> f.isDone() && !f.isCompletedExceptionally())
                .map(CompletableFuture::join)
                .map(b -> new ResolvedBase(b.reference(), b.manifestDigest(), platform))
                .sorted(java.util.Comparator.comparing(ResolvedBase::reference))
                .toList();
    }

    /** The image {@code reference} names, for the build's platform. */
    BaseImage get(String reference) {
        return get(reference, Optional.empty());
    }

    /** {@link #get(String)}, reporting a pull's progress on {@code step} while it waits. */
    BaseImage get(String reference, Optional<StepHandle> step) {
        ImageReference ref = ImageReference.parse(reference).withDefaultTag();
        String key = ref.toString();
        step.ifPresent(s -> watch(key, s));
        CompletableFuture<BaseImage> mine = new CompletableFuture<>();
        CompletableFuture<BaseImage> existing = loaded.putIfAbsent(key, mine);
        try {
            if (existing != null) {
                return existing.join();
            }
            BaseImage image = load(ref);
            mine.complete(image);
            return image;
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            step.ifPresent(s -> watchers.getOrDefault(key, List.of()).remove(s));
        }
    }

    private BaseImage load(ImageReference ref) {
        Optional<Descriptor> local = pulls.always() && pulls.registry().isPresent() ? Optional.empty()
                : store.tags().find(ref.toString()).map(t -> t.descriptor());
        Descriptor top = local.orElseGet(() -> pull(ref));
        lease.protect(top.digest());
        Parsed<ImageManifest> manifest = manifestFor(ref, top);
        ImageManifest m = manifest.value();
        lease.protect(m.config().digest());
        ImageConfig config = OciJson.readConfig(store.blobs().read(m.config().digest()), ref.familiarString()).value();
        lease.protect(m.layers().stream().map(Descriptor::digest).toList()); // one lease write, not one per layer
        List<LayerRef> layers = new ArrayList<>();
        for (int i = 0; i < m.layers().size(); i++) {
            layers.add(new LayerRef(m.layers().get(i), config.rootfs().diffIds().get(i)));
        }
        return new BaseImage(ref.toString(), manifest.digest(), config, layers);
    }

    /** Pulls {@code ref} into the store (which tags it under {@code ref}); its platform's manifest. */
    private Descriptor pull(ImageReference ref) {
        RegistryOptions options = pulls.registry().orElseThrow(() -> new NotFoundException("image \""
                + ref.familiarString() + "\" is not in the local store and pulling is off"));
        String key = ref.toString();
        try (RegistryClient client = new RegistryClient(options.withListener(t -> report(key, t)))) {
            PullResult result = client.pull(ref, platform, store);
            return result.manifest();
        }
    }

    private synchronized void watch(String key, StepHandle step) {
        watchers.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(step);
        for (Transfer t : transfers.getOrDefault(key, Map.of()).values()) {
            step.progress(t.digest().toString(), t.done(), t.total());
        }
    }

    private void report(String key, Transfer transfer) {
        pulls.registry().orElseThrow().listener().transfer(transfer);
        synchronized (this) {
            transfers.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(transfer.digest(), transfer);
            for (StepHandle step : watchers.getOrDefault(key, List.of())) {
                step.progress(transfer.digest().toString(), transfer.done(), transfer.total());
            }
        }
    }

    private Parsed<ImageManifest> manifestFor(ImageReference ref, Descriptor top) {
        Parsed<Manifest> parsed = OciJson.readManifest(store.blobs().read(top.digest()), ref.familiarString());
        return switch (parsed.value()) {
            case ImageManifest m -> new Parsed<>(m, parsed.raw(), parsed.digest());
            case ImageIndex index -> {
                Optional<Descriptor> chosen = PlatformMatcher.only(platform).select(index.images());
                Descriptor d = chosen.orElseThrow(() -> new NotFoundException("image \"" + ref.familiarString()
                        + "\" has no manifest for platform " + platform));
                lease.protect(d.digest());
                yield OciJson.readImageManifest(store.blobs().read(d.digest()), ref.familiarString());
            }
        };
    }
}
