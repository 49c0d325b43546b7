package dev.stevedore.registry;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.diag.UnavailableException;
import dev.stevedore.oci.Descriptor;
import dev.stevedore.store.BlobWriter;
import dev.stevedore.store.Ingester;
import dev.stevedore.store.Lease;
import dev.stevedore.store.NoSpace;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.Map;

/**
 * {@code GET /v2/<name>/blobs/<digest>} streamed into the store's verifying {@link Ingester}:
 * size and digest are checked as the bytes land, so nothing unverified ever enters the store.
 * A body that breaks or ends early is fetched again (per the retry policy); a body that is
 * complete but has the wrong digest or is too long is refused at once.
 */
final class BlobFetcher {

    private static final int BUFFER = 64 << 10;

    private final RegistryHttp http;
    private final TransferListener listener;

    BlobFetcher(RegistryHttp http, TransferListener listener) {
        this.http = http;
        this.listener = listener;
    }

    void fetch(Endpoint ep, String repository, Descriptor blob, Ingester ingester, Lease lease, String what) {
        String label = what + ": blob " + blob.digest();
        Request request = Request.get(ep, ep.v2(repository + "/blobs/" + blob.digest()), Scope.pull(repository),
                label, Map.of());
        listener.transfer(new Transfer(Transfer.Direction.PULL, blob.digest(), Transfer.State.STARTED, 0, blob.size()));
        for (int attempt = 1; ; attempt++) {
            HttpResponse<InputStream> r = http.send(request);
            if (r.statusCode() != 200) {
                throw RegistryHttp.failure(label, ep, r);
            }
            try (BlobWriter writer = ingester.writer(lease); InputStream in = r.body()) {
                copy(in, writer, blob);
                writer.commit(blob.size(), blob.digest());
                listener.transfer(new Transfer(Transfer.Direction.PULL, blob.digest(), Transfer.State.DONE,
                        blob.size(), blob.size()));
                return;
            } catch (IOException e) {
                if (NoSpace.is(e)) {
                    // the store's disk, not the registry: another try would only fail the same way
                    throw new UnavailableException(label + ": no space left on device while writing it into the"
                            + " store: free some space (stevedore prune) and pull again", e);
                }
                if (attempt >= http.retry().attempts()) {
                    throw new UnavailableException(label + ": the download from registry " + ep.authority()
                            + " broke off: " + e.getMessage() + " (after " + attempt + " attempts)", e);
                }
                listener.transfer(new Transfer(Transfer.Direction.PULL, blob.digest(), Transfer.State.RETRYING,
                        0, blob.size()));
                http.pause(http.retry().delay(attempt));
            } catch (InvalidInputException e) {
                throw new InvalidInputException(label + ": registry " + ep.authority()
                        + " sent content that fails verification: " + e.getMessage(), e);
            }
        }
    }

    private void copy(InputStream in, BlobWriter writer, Descriptor blob) throws IOException {
        byte[] buffer = new byte[BUFFER];
        long done = 0;
        long reported = 0;
        for (int n; (n = in.read(buffer)) > 0; ) {
            if (done + n > blob.size()) {
                throw new InvalidInputException("it is longer than the " + blob.size() + " bytes its descriptor says");
            }
            writer.write(buffer, 0, n);
            done += n;
            if (done - reported >= (1 << 20)) {
                reported = done;
                listener.transfer(new Transfer(Transfer.Direction.PULL, blob.digest(), Transfer.State.PROGRESS,
                        done, blob.size()));
            }
        }
        if (done < blob.size()) {
            // The connection ended early without an error: worth another try, like a reset.
            throw new IOException("the body ended after " + done + " of " + blob.size() + " bytes");
        }
    }
}
