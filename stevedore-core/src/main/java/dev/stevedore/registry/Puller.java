package dev.stevedore.registry;

import dev.stevedore.diag.InternalException;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.diag.NotFoundException;
import dev.stevedore.diag.StevedoreException;
import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.Digest;
import dev.stevedore.oci.ImageIndex;
import dev.stevedore.oci.ImageManifest;
import dev.stevedore.oci.ImageReference;
import dev.stevedore.oci.Manifest;
import dev.stevedore.oci.PlatformMatcher;
import dev.stevedore.oci.json.OciJson;
import dev.stevedore.oci.json.Parsed;
import dev.stevedore.store.ImageCheck;
import dev.stevedore.store.Lease;
import dev.stevedore.store.Store;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.stream.Collectors;

/**
 * One pull: resolve the reference to a manifest (choosing the platform's entry of an index),
 * fetch config and layers concurrently into the store (skipping what it has), then store the
 * manifest and tag the reference. An index is kept as the registry has it (its digest holds) and
 * is what the reference is tagged to, but holds in the store only what was pulled: the
 * platform's image and the attestation manifests about it, as containerd keeps a partial index;
 * a pull of another platform adds that one. With all platforms ({@code pull --all-platforms}) it
 * holds the whole index: every manifest it names, attestations included. Blobs land before what references them, all under
 * a lease, so a concurrent prune never sees a half-pulled image and a failed pull leaves only
 * complete, verified blobs.
 */
final class Puller {

    private final RegistryHttp http;
    private final RegistryOptions options;
    private final ManifestFetcher manifests;
    private final BlobFetcher blobs;

    Puller(RegistryHttp http, RegistryOptions options) {
        this.http = http;
        this.options = options;
        this.manifests = new ManifestFetcher(http);
        this.blobs = new BlobFetcher(http, options.listener());
    }

    /**
     * @param all every manifest of an index, not only {@code platform}'s (which is still the one
     *            the result names; the index's first image when it has none for {@code platform})
     */
    PullResult pull(ImageReference reference, PlatformMatcher platform, boolean all, Store store) {
        ImageReference ref = reference.digest().isPresent() ? reference : reference.withDefaultTag();
        String what = "pull " + ref;
        List<Endpoint> endpoints = Endpoint.of(ref.domain(), options, true);
        StevedoreException mirrorFailure = null;
        for (Endpoint ep : endpoints) {
            try {
                return pullFrom(ep, ref, platform, all, store, what);
            } catch (StevedoreException e) {
                if (!ep.mirror()) {
                    throw e;
                }
                mirrorFailure = e;  // Docker falls back to the origin whatever the mirror's fault
            }
        }
        throw new InternalException("no endpoint for " + ref.domain(), mirrorFailure);
    }

    private PullResult pullFrom(Endpoint ep, ImageReference ref, PlatformMatcher platform, boolean all, Store store,
                                String what) {
        try (Lease lease = store.lease()) {
            Parsed<Manifest> top = manifests.fetch(ep, ref.path(), ref.tagOrDigest(), ref.digest(), what);
            Optional<Parsed<ImageIndex>> index = Optional.empty();
            Parsed<ImageManifest> image;
            Descriptor chosen;
            // the index's other manifests the store keeps: the attestations of the chosen image, or all
            List<Parsed<ImageManifest>> others = new ArrayList<>();
            switch (top.value()) {
                case ImageIndex i -> {
                    index = Optional.of(new Parsed<>(i, top.raw(), top.digest()));
                    chosen = platform.select(i.manifests())
                            .or(() -> all ? i.images().stream().findFirst() : Optional.empty())
                            .orElseThrow(() -> noPlatform(what, platform, i));
                    image = imageManifest(ep, ref, chosen, what, "the index entry for " + platform.wanted());
                    // as containerd: the platform's image, and (as BuildKit's attestations are read) the
                    // attestation manifests about it; the other platforms stay in the registry unless all
                    for (Descriptor entry : i.manifests()) {
                        if (entry.digest().equals(chosen.digest())) {
                            continue;
                        }
                        boolean about = entry.isAttestation() && chosen.digest().toString()
                                .equals(entry.annotations().get(Descriptor.DOCKER_REFERENCE_DIGEST));
                        if (all || about) {
                            others.add(imageManifest(ep, ref, entry, what, entry.isAttestation()
                                    ? "attestation manifest " + entry.digest()
                                    : "the index entry for " + entry.platform().map(Object::toString)
                                            .orElse(entry.digest().toString())));
                        }
                    }
                }
                case ImageManifest m -> {
                    image = new Parsed<>(m, top.raw(), top.digest());
                    chosen = OciJson.descriptor(image, m.mediaType());
                }
            }
            fetchBlobs(ep, ref, image.value(), store, lease, what);
            Descriptor manifest = new Descriptor(image.value().mediaType(), image.digest(), image.size(),
                    Map.of(), chosen.platform());
            store.blobs().put(image.raw(), image.digest(), lease);
            for (Parsed<ImageManifest> other : others) {
                fetchBlobs(ep, ref, other.value(), store, lease, what);
                store.blobs().put(other.raw(), other.digest(), lease);
            }
            Optional<Descriptor> indexDescriptor = index.map(i -> {
                store.blobs().put(i.raw(), i.digest(), lease);
                return new Descriptor(i.value().mediaType(), i.digest(), i.size());
            });
            Descriptor tagged = indexDescriptor.orElse(manifest);
            Digest resolved = top.digest();
            try {
                ImageCheck.requireTaggable(store.blobs(), tagged);
            } catch (InvalidInputException e) {
                throw new InvalidInputException(what + ": the image is invalid and was not tagged: " + e.getMessage(), e);
            }
            String tag = ref.toString();
            store.tags().tag(tag, tagged.withAnnotation(PullResult.REPO_DIGEST, ref.name() + "@" + resolved));
            return new PullResult(ref, tag, manifest, indexDescriptor, resolved);
        }
    }

    /** The image manifest an index's {@code entry} names ({@code label} says which, for errors). */
    private Parsed<ImageManifest> imageManifest(Endpoint ep, ImageReference ref, Descriptor entry, String what,
                                                String label) {
        Parsed<Manifest> child = manifests.fetch(ep, ref.path(), entry.digest().toString(),
                Optional.of(entry.digest()), what);
        if (!(child.value() instanceof ImageManifest m)) {
            throw new InvalidInputException(what + ": " + label + " is itself an index; nested indexes are not supported");
        }
        return new Parsed<>(m, child.raw(), child.digest());
    }

    private void fetchBlobs(Endpoint ep, ImageReference ref, ImageManifest m, Store store, Lease lease, String what) {
        Map<Digest, Descriptor> wanted = new LinkedHashMap<>();
        wanted.put(m.config().digest(), m.config());
        m.layers().forEach(l -> wanted.putIfAbsent(l.digest(), l));
        // Protect first, then look: a blob that exists afterwards stays (see Lease).
        lease.protect(wanted.keySet());
        List<Descriptor> missing = new ArrayList<>();
        for (Descriptor d : wanted.values()) {
            if (store.blobs().exists(d.digest()) && store.blobs().size(d.digest()) == d.size()) {
                options.listener().transfer(new Transfer(Transfer.Direction.PULL, d.digest(), Transfer.State.EXISTS,
                        d.size(), d.size()));
            } else {
                missing.add(d);
            }
        }
        Semaphore slots = new Semaphore(options.concurrency());
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            for (Descriptor d : missing) {
                running.add(pool.submit(() -> {
                    slots.acquire();
                    try {
                        blobs.fetch(ep, ref.path(), d, store.blobs(), lease, what);
                    } finally {
                        slots.release();
                    }
                    return null;
                }));
            }
            awaitAll(running);
        }
    }

    static void awaitAll(List<Future<?>> running) {
        try {
            for (Future<?> f : running) {
                f.get();
            }
        } catch (ExecutionException e) {
            running.forEach(f -> f.cancel(true));
            if (e.getCause() instanceof StevedoreException se) {
                throw se;
            }
            throw new InternalException("transfer failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.forEach(f -> f.cancel(true));
            throw new dev.stevedore.diag.UnavailableException("interrupted", e);
        }
    }

    private static NotFoundException noPlatform(String what, PlatformMatcher platform, ImageIndex index) {
        String available = index.images().stream()
                .map(d -> d.platform().map(Object::toString).orElse("unknown"))
                .collect(Collectors.joining(", "));
        return new NotFoundException(what + ": no image for " + platform.wanted() + " in the index (it has: "
                + (available.isEmpty() ? "none" : available) + ")");
    }
}
