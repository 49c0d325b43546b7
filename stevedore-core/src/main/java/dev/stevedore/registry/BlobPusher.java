package dev.stevedore.registry;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.oci.Descriptor;
import dev.stevedore.store.BlobStore;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pushes one blob as the distribution spec says: {@code HEAD} first (present: done); a
 * cross-repository mount ({@code POST ?mount=&from=}: {@code 201} mounted, {@code 202} an upload
 * session to use instead); otherwise {@code POST} an upload, then either one {@code PUT ?digest=}
 * with the whole blob (small blobs) or {@code PATCH} chunks with {@code Content-Range}, each
 * continuing at the end of the {@code Range} the registry confirmed and at the {@code Location}
 * it returned, closed by an empty {@code PUT ?digest=}. The registry must answer {@code 201}.
 */
final class BlobPusher {

    /** What became of a blob. */
    enum Outcome { EXISTS, MOUNTED, SENT }

    private final RegistryHttp http;
    private final TransferListener listener;
    private final long chunkSize;

    BlobPusher(RegistryHttp http, TransferListener listener, long chunkSize) {
        this.http = http;
        this.listener = listener;
        this.chunkSize = chunkSize;
    }

    Outcome push(Endpoint ep, String repository, List<String> mountFrom, Scope scope, Descriptor blob,
                 BlobStore store, String what) {
        String label = what + ": blob " + blob.digest();
        HttpResponse<InputStream> head = http.send(Request.head(ep, ep.v2(repository + "/blobs/" + blob.digest()),
                scope, label));
        RegistryHttp.discard(head);
        if (head.statusCode() == 200) {
            report(blob, Transfer.State.EXISTS, blob.size());
            return Outcome.EXISTS;
        }
        if (head.statusCode() != 404) {
            throw RegistryHttp.failure(label, ep, head);
        }
        Optional<URI> session = Optional.empty();
        for (String from : mountFrom) {
            if (from.equals(repository)) {
                continue;
            }
            HttpResponse<InputStream> r = post(ep, repository + "/blobs/uploads/?mount=" + blob.digest() + "&from=" + from,
                    scope, label);
            if (r.statusCode() == 201) {
                RegistryHttp.discard(r);
                report(blob, Transfer.State.MOUNTED, blob.size());
                return Outcome.MOUNTED;
            }
            session = location(r, ep, scope, label, 202);
            break;
        }
        if (!store.exists(blob.digest())) {
            // a blob known only by its repository (a lazily imported cache layer) that would not mount
            throw new InvalidInputException(label + ": not in the store, and registry " + ep.authority()
                    + " did not mount it from " + String.join(", ", mountFrom));
        }
        URI upload = session.isPresent() ? session.get()
                : location(post(ep, repository + "/blobs/uploads/", scope, label), ep, scope, label, 202).orElseThrow();
        report(blob, Transfer.State.STARTED, 0);
        if (blob.size() <= chunkSize) {
            finish(ep, scope, label, upload, blob, store, true);
        } else {
            finish(ep, scope, label, patchAll(ep, scope, label, upload, blob, store), blob, store, false);
        }
        report(blob, Transfer.State.DONE, blob.size());
        return Outcome.SENT;
    }

    private URI patchAll(Endpoint ep, Scope scope, String label, URI upload, Descriptor blob, BlobStore store) {
        long offset = 0;
        while (offset < blob.size()) {
            long start = offset;
            long length = Math.min(chunkSize, blob.size() - start);
            Request patch = new Request(ep, "PATCH", upload, Map.of(
                    "Content-Type", "application/octet-stream",
                    "Content-Range", start + "-" + (start + length - 1)),
                    () -> BodyPublishers.fromPublisher(BodyPublishers.ofInputStream(() -> range(store, blob, start, length)),
                            length), scope, label);
            HttpResponse<InputStream> r = http.send(patch);
            if (r.statusCode() != 202) {
                throw RegistryHttp.failure(label, ep, r);
            }
            long confirmed = confirmedEnd(r, label);
            upload = location(r, ep, scope, label, 202).orElse(upload);
            if (confirmed + 1 <= start) {
                throw new InvalidInputException(label + ": registry " + ep.authority()
                        + " did not accept the chunk at offset " + start + " (Range: 0-" + confirmed + ")");
            }
            offset = confirmed + 1;
            report(blob, Transfer.State.PROGRESS, offset);
        }
        return upload;
    }

    private void finish(Endpoint ep, Scope scope, String label, URI upload, Descriptor blob, BlobStore store,
                        boolean withBody) {
        URI put = URI.create(upload + (upload.getRawQuery() == null ? "?" : "&") + "digest=" + blob.digest());
        Request request = new Request(ep, "PUT", put,
                Map.of("Content-Type", "application/octet-stream"),
                () -> withBody
                        ? BodyPublishers.fromPublisher(BodyPublishers.ofInputStream(() -> store.open(blob.digest())),
                                blob.size())
                        : BodyPublishers.noBody(),
                scope, label);
        HttpResponse<InputStream> r = http.send(request);
        if (r.statusCode() != 201) {
            throw RegistryHttp.failure(label, ep, r);
        }
        RegistryHttp.discard(r);
        r.headers().firstValue("Docker-Content-Digest").filter(d -> !d.equals(blob.digest().toString()))
                .ifPresent(d -> {
                    throw new InvalidInputException(label + ": registry " + ep.authority() + " stored it as " + d);
                });
    }

    private HttpResponse<InputStream> post(Endpoint ep, String path, Scope scope, String label) {
        return http.send(new Request(ep, "POST", ep.v2(path), Map.of(), BodyPublishers::noBody, scope, label));
    }

    private Optional<URI> location(HttpResponse<InputStream> r, Endpoint ep, Scope scope, String label, int expected) {
        if (r.statusCode() != expected) {
            throw RegistryHttp.failure(label, ep, r);
        }
        RegistryHttp.discard(r);
        return r.headers().firstValue("Location").map(l -> http.resolve(
                Request.head(ep, ep.base(), scope, label), l));
    }

    private static long confirmedEnd(HttpResponse<?> r, String label) {
        String range = r.headers().firstValue("Range").orElseThrow(() ->
                new InvalidInputException(label + ": the registry answered a chunk without a Range header"));
        int dash = range.indexOf('-');
        try {
            return Long.parseLong(range.substring(dash + 1).trim());
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            throw new InvalidInputException(label + ": the registry answered a malformed Range \"" + range + "\"");
        }
    }

    private static InputStream range(BlobStore store, Descriptor blob, long start, long length) {
        InputStream in = store.open(blob.digest());
        try {
            in.skipNBytes(start);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new java.io.FilterInputStream(in) {
            private long left = length;

            @Override
            public int read() throws java.io.IOException {
                if (left <= 0) {
                    return -1;
                }
                int b = super.read();
                left--;
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws java.io.IOException {
                if (left <= 0) {
                    return -1;
                }
                int n = super.read(b, off, (int) Math.min(len, left));
                if (n > 0) {
                    left -= n;
                }
                return n;
            }
        };
    }

    private void report(Descriptor blob, Transfer.State state, long done) {
        listener.transfer(new Transfer(Transfer.Direction.PUSH, blob.digest(), state, done, blob.size()));
    }
}
