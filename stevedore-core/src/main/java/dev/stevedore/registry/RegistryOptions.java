package dev.stevedore.registry;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How the registry client behaves.
 *
 * @param credentials      where logins come from
 * @param mirrors          Docker Hub mirrors, tried in order before {@code docker.io} for pulls
 * @param insecure         registries ({@code host[:port]}) that may be reached over plain http
 *                         or https without certificate checks; loopback hosts always may
 * @param retry            retries of failed requests
 * @param listener         progress of each blob
 * @param concurrency      blobs moved at once
 * @param chunkSize        blobs larger than this are uploaded in {@code PATCH} chunks of this size
 * @param requestTimeout   the longest wait for a response's headers
 * @param idleTimeout      the longest wait for the next bytes of a response's body: a transfer
 *                         that stalls longer fails (and is retried as a broken one)
 */
public record RegistryOptions(
        CredentialSource credentials,
        List<URI> mirrors,
        Set<String> insecure,
        RetryPolicy retry,
        TransferListener listener,
        int concurrency,
        long chunkSize,
        Duration requestTimeout,
        Duration idleTimeout) {

    public RegistryOptions {
        Objects.requireNonNull(credentials, "credentials");
        mirrors = List.copyOf(mirrors);
        insecure = Set.copyOf(insecure);
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(listener, "listener");
        if (concurrency < 1 || chunkSize < 1) {
            throw new IllegalArgumentException("concurrency and chunk size must be positive");
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("the idle timeout must be positive");
        }
    }

    /** Anonymous, no mirrors, default retries, 3 blobs at once (Docker's default), 16 MiB chunks, 60s timeouts. */
    public static RegistryOptions defaults() {
        return new RegistryOptions(CredentialSource.NONE, List.of(), Set.of(), RetryPolicy.DEFAULT,
                TransferListener.NONE, 3, 16L << 20, Duration.ofSeconds(60), Duration.ofSeconds(60));
    }

    public RegistryOptions withCredentials(CredentialSource c) {
        return new RegistryOptions(c, mirrors, insecure, retry, listener, concurrency, chunkSize, requestTimeout, idleTimeout);
    }

    public RegistryOptions withMirrors(List<URI> m) {
        return new RegistryOptions(credentials, m, insecure, retry, listener, concurrency, chunkSize, requestTimeout, idleTimeout);
    }

    public RegistryOptions withInsecure(Set<String> i) {
        return new RegistryOptions(credentials, mirrors, i, retry, listener, concurrency, chunkSize, requestTimeout, idleTimeout);
    }

    public RegistryOptions withListener(TransferListener l) {
        return new RegistryOptions(credentials, mirrors, insecure, retry, l, concurrency, chunkSize, requestTimeout, idleTimeout);
    }

    public RegistryOptions withChunkSize(long size) {
        return new RegistryOptions(credentials, mirrors, insecure, retry, listener, concurrency, size, requestTimeout, idleTimeout);
    }

    public RegistryOptions withIdleTimeout(Duration idle) {
        return new RegistryOptions(credentials, mirrors, insecure, retry, listener, concurrency, chunkSize, requestTimeout,
                idle);
    }
}
