package dev.stevedore.registry;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.ImageIndex;
import dev.stevedore.oci.ImageManifest;
import dev.stevedore.oci.ImageReference;
import dev.stevedore.oci.Manifest;
import dev.stevedore.oci.json.OciJson;
import dev.stevedore.oci.json.Parsed;
import dev.stevedore.store.Store;
import java.io.InputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One push of an image of the store: every blob (concurrently, see {@link BlobPusher}), then
 * the manifest; for an index, each platform's manifest by digest and then the index by tag. The
 * registry must store each document under the digest it has in our store.
 */
final class Pusher {

    private final RegistryHttp http;
    private final RegistryOptions options;
    private final BlobPusher blobs;

    Pusher(RegistryHttp http, RegistryOptions options) {
        this.http = http;
        this.options = options;
        this.blobs = new BlobPusher(http, options.listener(), options.chunkSize());
    }

    PushResult push(Store store, Descriptor top, List<String> mountFrom, ImageReference destination) {
        ImageReference dest = destination.digest().isPresent() ? destination : destination.withDefaultTag();
        String what = "push " + dest;
        Endpoint ep = Endpoint.of(dest.domain(), options, false).getLast();
        Scope scope = Scope.push(dest.path(), mountFrom);
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger skipped = new AtomicInteger();
        Parsed<Manifest> parsed = OciJson.readManifest(store.blobs().read(top.digest()), top.digest().toString());
        switch (parsed.value()) {
            case ImageIndex index -> {
                if (index.manifests().stream().anyMatch(c -> !store.blobs().exists(c.digest()))) {
                    // a registry refuses an index whose manifests it lacks; containerd refuses this push too
                    String absent = index.images().stream().filter(c -> !store.blobs().exists(c.digest()))
                            .map(c -> c.platform().map(Object::toString).orElse(c.digest().toString()))
                            .collect(java.util.stream.Collectors.joining(", "));
                    throw new InvalidInputException(what + ": the store holds only part of this multi-platform"
                            + " image (a pull fetches one platform); pull it whole first with pull --all-platforms"
                            + " (missing: " + (absent.isEmpty() ? "the attestation manifests" : absent) + ")");
                }
                for (Descriptor child : index.manifests()) {
                    Parsed<ImageManifest> m = OciJson.readImageManifest(store.blobs().read(child.digest()),
                            child.digest().toString());
                    pushBlobs(ep, dest, mountFrom, scope, m.value(), store, what, sent, skipped);
                    putManifest(ep, dest, scope, child.digest().toString(), m.value().mediaType(), m.raw(), what);
                }
            }
            case ImageManifest m -> pushBlobs(ep, dest, mountFrom, scope, m, store, what, sent, skipped);
        }
        String reference = dest.tag().orElseGet(() -> dest.digest().orElseThrow().toString());
        putManifest(ep, dest, scope, reference, parsed.value().mediaType(), parsed.raw(), what);
        Descriptor pushed = new Descriptor(parsed.value().mediaType(), parsed.digest(), parsed.size());
        return new PushResult(dest, pushed, sent.get(), skipped.get());
    }

    private void pushBlobs(Endpoint ep, ImageReference dest, List<String> mountFrom, Scope scope, ImageManifest m,
                           Store store, String what, AtomicInteger sent, AtomicInteger skipped) {
        Map<dev.stevedore.oci.Digest, Descriptor> all = new LinkedHashMap<>();
        m.layers().forEach(l -> all.putIfAbsent(l.digest(), l));
        all.putIfAbsent(m.config().digest(), m.config());
        Semaphore slots = new Semaphore(options.concurrency());
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            for (Descriptor d : all.values()) {
                if (!store.blobs().exists(d.digest()) && mountFrom.isEmpty()) {
                    throw new InvalidInputException(what + ": blob " + d.digest() + " of the image is not in the store");
                }
                running.add(pool.submit(() -> {
                    slots.acquire();
                    try {
                        var outcome = blobs.push(ep, dest.path(), mountFrom, scope, d, store.blobs(), what);
                        (outcome == BlobPusher.Outcome.SENT ? sent : skipped).incrementAndGet();
                    } finally {
                        slots.release();
                    }
                    return null;
                }));
            }
            Puller.awaitAll(running);
        }
    }

    private void putManifest(Endpoint ep, ImageReference dest, Scope scope, String reference, String mediaType,
                             byte[] raw, String what) {
        String label = what + ": manifest " + reference;
        Request put = new Request(ep, "PUT", ep.v2(dest.path() + "/manifests/" + reference),
                Map.of("Content-Type", mediaType), () -> BodyPublishers.ofByteArray(raw), scope, label);
        HttpResponse<InputStream> r = http.send(put);
        if (r.statusCode() != 201) {
            throw RegistryHttp.failure(label, ep, r);
        }
        RegistryHttp.discard(r);
        String expected = dev.stevedore.oci.Digest.sha256(raw).toString();
        r.headers().firstValue("Docker-Content-Digest").filter(d -> !d.equals(expected)).ifPresent(d -> {
            throw new InvalidInputException(label + ": registry " + ep.authority() + " stored it as " + d
                    + " instead of " + expected);
        });
    }
}
