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
 * Resolves base images once per build and platform, however many stages (and platforms of a
 * multi-platform build) use them: concurrent callers for one reference and platform share one
 * lookup. An image comes from the local store's tags when it is there for the platform (a tagged
 * index gives its entry for the platform, chosen by containerd's matcher), else (and always with
 * {@code --pull}) from its registry, as {@link Pulls} says; a pull's progress goes to the steps
 * that wait for the image.
 */
final class BaseImages {

    private final Store store;
    private final Lease lease;
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

    BaseImages(Store store, Lease lease, Pulls pulls) {
        this.store = store;
        this.lease = lease;
        this.pulls = pulls;
    }

    /** The images resolved so far (of every platform of the build), sorted by reference (those that failed left out). */
    List<ResolvedBase> resolved() {
        return loaded.values().stream()
                .filter(f -> f.isDone() && !f.isCompletedExceptionally())
                .map(CompletableFuture::join)
                .map(b -> new ResolvedBase(b.reference(), b.manifestDigest(), b.config().platform()))
                .sorted(java.util.Comparator.comparing(ResolvedBase::reference))
                .toList();
    }

    /** The image {@code reference} names, for {@code platform}. */
    BaseImage get(String reference, Platform platform) {
        return get(reference, platform, Optional.empty());
    }

    /** {@link #get(String, Platform)}, reporting a pull's progress on {@code step} while it waits. */
    BaseImage get(String reference, Platform platform, Optional<StepHandle> step) {
        ImageReference ref = ImageReference.parse(reference).withDefaultTag();
        String key = ref + " " + platform.normalize();
        step.ifPresent(s -> watch(key, s));
        CompletableFuture<BaseImage> mine = new CompletableFuture<>();
        CompletableFuture<BaseImage> existing = loaded.putIfAbsent(key, mine);
        try {
            if (existing != null) {
                return existing.join();
            }
            BaseImage image = load(ref, platform, key);
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

    private BaseImage load(ImageReference ref, Platform platform, String key) {
        Optional<Descriptor> local = pulls.always() && pulls.registry().isPresent() ? Optional.empty()
                : store.tags().find(ref.toString()).map(t -> t.descriptor());
        Optional<Loaded> found = local.flatMap(top -> localFor(ref, top, platform));
        Loaded loaded = found.orElseGet(() -> {
            Descriptor top = pull(ref, platform, key, local.isPresent());
            lease.protect(top.digest());
            Parsed<ImageManifest> manifest = manifestFor(ref, top, platform);
            return new Loaded(manifest, config(ref, manifest.value()));
        });
        ImageManifest m = loaded.manifest().value();
        ImageConfig config = loaded.config();
        lease.protect(m.layers().stream().map(Descriptor::digest).toList()); // one lease write, not one per layer
        List<LayerRef> layers = new ArrayList<>();
        for (int i = 0; i < m.layers().size(); i++) {
            layers.add(new LayerRef(m.layers().get(i), config.rootfs().diffIds().get(i)));
        }
        return new BaseImage(ref.toString(), loaded.manifest().digest(), config, layers);
    }

    /** An image manifest and its config, read from the store. */
    private record Loaded(Parsed<ImageManifest> manifest, ImageConfig config) {}

    /**
     * The store's image for {@code platform} under the tag {@code top}: an index's entry for it,
     * or the tagged image when its config says it runs there; empty when the store has no such
     * image (a pulled index holds only the platforms pulled so far).
     */
    private Optional<Loaded> localFor(ImageReference ref, Descriptor top, Platform platform) {
        lease.protect(top.digest());
        Parsed<Manifest> parsed = OciJson.readManifest(store.blobs().read(top.digest()), ref.familiarString());
        if (parsed.value() instanceof ImageIndex index) {
            Optional<Descriptor> chosen = PlatformMatcher.only(platform).select(index.images());
            if (chosen.isEmpty() || !complete(chosen.get())) {
                return Optional.empty();
            }
        }
        Parsed<ImageManifest> manifest = manifestFor(ref, top, platform);
        ImageConfig config = config(ref, manifest.value());
        return PlatformMatcher.only(platform).matches(config.platform())
                ? Optional.of(new Loaded(manifest, config)) : Optional.empty();
    }

    private ImageConfig config(ImageReference ref, ImageManifest m) {
        lease.protect(m.config().digest());
        return OciJson.readConfig(store.blobs().read(m.config().digest()), ref.familiarString()).value();
    }

    /** Whether the store has the manifest, its config and every layer (a pulled index has only what was pulled). */
    private boolean complete(Descriptor manifest) {
        lease.protect(manifest.digest());
        if (!store.blobs().exists(manifest.digest())) {
            return false;
        }
        ImageManifest m = OciJson.readImageManifest(store.blobs().read(manifest.digest()), manifest.digest().toString())
                .value();
        List<Digest> blobs = new ArrayList<>(m.layers().stream().map(Descriptor::digest).toList());
        blobs.add(m.config().digest());
        lease.protect(blobs);  // protect first, then look (see Lease)
        return blobs.stream().allMatch(store.blobs()::exists);
    }

    /** Pulls {@code ref} for {@code platform} into the store (which tags it under {@code ref}); its platform's manifest. */
    private Descriptor pull(ImageReference ref, Platform platform, String key, boolean otherPlatformLocal) {
        RegistryOptions options = pulls.registry().orElseThrow(() -> new NotFoundException("image \""
                + ref.familiarString() + "\" is " + (otherPlatformLocal ? "in the local store only for another"
                + " platform than " + platform : "not in the local store") + " and pulling is off"));
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

    private Parsed<ImageManifest> manifestFor(ImageReference ref, Descriptor top, Platform platform) {
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
