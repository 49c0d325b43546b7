package dev.stevedore.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.diag.NotFoundException;
import dev.stevedore.diag.StevedoreException;
import dev.stevedore.diag.UnauthorizedException;
import dev.stevedore.diag.UnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLException;

/**
 * The one caller of the HTTP client: adds authorization (answering {@code 401} challenges),
 * falls back to plain http where allowed, follows redirects to blob storage without our
 * credentials, retries connection errors, {@code 5xx} and {@code 429} with backoff (honouring
 * {@code Retry-After}), and turns a registry's error answer into a sentence.
 */
final class RegistryHttp {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_REDIRECTS = 5;

    /** Pauses between attempts; tests replace it to run without waiting. */
    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final HttpClient client;
    private final Authenticator auth;
    private final RetryPolicy retry;
    private final Duration timeout;
    private final Duration idle;
    private final MinimumRate minimumRate;
    private final Sleeper sleeper;
    private final Set<String> plainHttp = ConcurrentHashMap.newKeySet();
    private final Set<String> httpsWorks = ConcurrentHashMap.newKeySet();
    /** How long a TLS probe of an insecure registry may take: a plain http server may never answer it. */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);

    RegistryHttp(HttpClient client, Authenticator auth, RetryPolicy retry, Duration timeout, Duration idle,
                 MinimumRate minimumRate, Sleeper sleeper) {
        this.client = client;
        this.auth = auth;
        this.retry = retry;
        this.timeout = timeout;
        this.idle = idle;
        this.minimumRate = minimumRate;
        this.sleeper = sleeper;
    }

    Authenticator auth() {
        return auth;
    }

    RetryPolicy retry() {
        return retry;
    }

    /**
     * Sends {@code request} until it gets an answer that is not worth retrying, and returns it
     * whatever its status; callers check the status and use {@link #failure} for the rest.
     *
     * @throws UnavailableException when the registry cannot be reached after every attempt
     */
    HttpResponse<InputStream> send(Request request) {
        boolean fellBack = false;
        for (int attempt = 1; ; attempt++) {
            HttpResponse<InputStream> r;
            try {
                r = exchange(request);
            } catch (SSLException | java.net.http.HttpTimeoutException e) {
                boolean probe = e instanceof SSLException || probing(request.endpoint());
                if (probe && request.endpoint().httpAllowed() && !fellBack) {
                    plainHttp.add(request.endpoint().authority());
                    fellBack = true;
                    attempt--;  // Docker's fallback for insecure registries: not a failure of its own
                    continue;
                }
                if (attempt >= retry.attempts() || e instanceof SSLException) {
                    throw unreachable(request, e, attempt);
                }
                pause(retry.delay(attempt));
                continue;
            } catch (IOException e) {
                if (attempt >= retry.attempts()) {
                    throw unreachable(request, e, attempt);
                }
                pause(retry.delay(attempt));
                continue;
            }
            if (r.uri().getScheme().equals("https")) {
                httpsWorks.add(request.endpoint().authority());
            }
            int status = r.statusCode();
            if ((status == 429 || status >= 500) && attempt < retry.attempts()) {
                Duration wait = retryAfter(r).map(this::cap).orElse(retry.delay(attempt));
                discard(r);
                pause(wait);
                continue;
            }
            return r;
        }
    }

    /** Pauses before a retry of the caller's own (a blob that broke mid-stream). */
    void pause(Duration d) {
        try {
            // a cancelled transfer (a sibling blob failed) stops here, whatever the sleeper does
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("interrupted while waiting to retry", e);
        }
    }

    private HttpResponse<InputStream> exchange(Request request) throws IOException {
        Endpoint ep = request.endpoint();
        Request current = request.to(effective(request.uri(), ep));
        Optional<String> authorization = auth.header(ep, request.scope());
        HttpResponse<InputStream> r = once(current, authorization);
        if (r.statusCode() == 401) {
            String challenge = r.headers().firstValue("WWW-Authenticate").orElse(null);
            if (auth.challenged(ep, request.scope(), challenge, authorization)) {
                authorization = auth.header(ep, request.scope());
                if (authorization.isPresent()) {
                    discard(r);
                    r = once(current, authorization);
                }
            }
        }
        for (int hops = 0; isRedirect(r.statusCode()) && hops < MAX_REDIRECTS; hops++) {
            Optional<String> location = r.headers().firstValue("Location");
            if (location.isEmpty()) {
                break;
            }
            URI next = current.uri().resolve(location.get());
            discard(r);
            // Blob storage (S3, a CDN) is another host: our credentials stay with the registry.
            boolean sameHost = next.getAuthority() != null && next.getAuthority().equals(current.uri().getAuthority());
            current = current.to(next);
            r = once(current, sameHost ? authorization : Optional.empty());
        }
        return r;
    }

    private HttpResponse<InputStream> once(Request request, Optional<String> authorization) throws IOException {
        boolean probe = request.uri().getScheme().equals("https") && probing(request.endpoint());
        HttpRequest.Builder b = HttpRequest.newBuilder(request.uri()).timeout(probe ? PROBE_TIMEOUT : timeout)
                .method(request.method(), request.body().get());
        request.headers().forEach(b::header);
        authorization.ifPresent(a -> b.header("Authorization", a));
        try {
            return client.send(b.build(), info -> HttpResponse.BodySubscribers.mapping(
                    HttpResponse.BodySubscribers.ofInputStream(), body -> new IdleBody(body, idle, minimumRate)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Whether we do not know yet if this insecure registry speaks https. */
    private boolean probing(Endpoint ep) {
        return ep.httpAllowed() && !plainHttp.contains(ep.authority()) && !httpsWorks.contains(ep.authority());
    }

    private URI effective(URI uri, Endpoint ep) {
        if (uri.getScheme().equals("https") && plainHttp.contains(ep.authority())) {
            return URI.create("http" + uri.toString().substring(5));
        }
        return uri;
    }

    /** The URI a {@code Location} header points to, resolved as the request that got it was sent. */
    URI resolve(Request request, String location) {
        return effective(request.uri(), request.endpoint()).resolve(location);
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static Optional<Duration> retryAfter(HttpResponse<?> r) {
        return r.headers().firstValue("Retry-After").flatMap(v -> {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(v.trim())));
            } catch (NumberFormatException e) {
                return Optional.empty();  // an HTTP date: use our own backoff
            }
        });
    }

    private Duration cap(Duration d) {
        return retry.retryAfter(d.toSeconds());
    }

    static void discard(HttpResponse<InputStream> r) {
        try (InputStream in = r.body()) {
            in.skipNBytes(0);
        } catch (IOException e) {
            // Nothing to read or already broken: either way the connection is done with.
        }
    }

    private UnavailableException unreachable(Request request, IOException e, int attempts) {
        String reason = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
        return new UnavailableException(request.what() + ": cannot reach registry " + request.endpoint().authority()
                + ": " + reason + (attempts > 1 ? " (after " + attempts + " attempts)" : ""), e);
    }

    /**
     * The error a registry's answer means: its error code in the spec's words when it sent one,
     * else its HTTP status. The registry's own message is left out: what a user needs is the code.
     */
    static StevedoreException failure(String what, Endpoint ep, HttpResponse<InputStream> r) {
        int status = r.statusCode();
        Optional<ErrorCode> code = Optional.empty();
        try (InputStream in = r.body()) {
            byte[] body = in.readNBytes(64 << 10);
            JsonNode json = JSON.readTree(body);
            if (json != null) {
                code = ErrorCode.of(json.path("errors").path(0).path("code").asText(null));
            }
        } catch (IOException e) {
            // No readable body: the status says it all.
        }
        if (code.isEmpty()) {
            code = ErrorCode.ofStatus(status);
        }
        if (code.isEmpty()) {
            String message = what + ": registry " + ep.authority() + " answered HTTP " + status;
            return status >= 500 ? new UnavailableException(message)
                    : status == 404 ? new NotFoundException(message) : new InvalidInputException(message);
        }
        String message = what + ": " + code.get().words() + " (" + code.get().name() + ")";
        return switch (code.get().category()) {
            case UNAUTHORIZED -> new UnauthorizedException(message);
            case NOT_FOUND -> new NotFoundException(message);
            case UNAVAILABLE -> new UnavailableException(message + " from registry " + ep.authority());
            case INVALID_INPUT, CONFLICT, INTERNAL -> new InvalidInputException(message);
        };
    }
}
