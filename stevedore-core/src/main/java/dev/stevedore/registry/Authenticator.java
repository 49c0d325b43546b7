package dev.stevedore.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stevedore.diag.UnauthorizedException;
import dev.stevedore.diag.UnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code WWW-Authenticate} flow, per registry host: the first request goes out bare; a
 * {@code 401} names the scheme. {@code Basic} sends the credentials on every request;
 * {@code Bearer} gets a token from the realm for the request's scopes (anonymously, or with the
 * credentials, or with the identity token as an OAuth2 refresh token) and caches it per scope
 * until it expires. Thread-safe.
 */
final class Authenticator {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration MIN_TOKEN_LIFE = Duration.ofSeconds(60);

    private record Token(String value, Instant expires) { }

    private final HttpClient http;
    private final CredentialSource credentials;
    private final Duration timeout;
    private final Map<String, Challenge> challenges = new ConcurrentHashMap<>();
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private final Map<String, Optional<Credentials>> logins = new ConcurrentHashMap<>();

    Authenticator(HttpClient http, CredentialSource credentials, Duration timeout) {
        this.http = http;
        this.credentials = credentials;
        this.timeout = timeout;
    }

    /** The {@code Authorization} header for a request to {@code ep}, if the host asked for one. */
    Optional<String> header(Endpoint ep, Scope scope) throws IOException {
        Challenge c = challenges.get(ep.authority());
        if (c == null) {
            return Optional.empty();
        }
        return switch (c.scheme()) {
            case "basic" -> login(ep).map(Credentials::basic);
            case "bearer" -> Optional.of("Bearer " + token(ep, c, scope).value());
            default -> Optional.empty();
        };
    }

    /**
     * Records the challenge of a {@code 401} and forgets the token that was refused; true when a
     * retry can carry something new (a first challenge, or a fresh token).
     */
    boolean challenged(Endpoint ep, Scope scope, String wwwAuthenticate, Optional<String> sent) {
        List<Challenge> offered = Challenge.parse(wwwAuthenticate);
        Optional<Challenge> usable = offered.stream().filter(c -> c.scheme().equals("bearer")).findFirst()
                .or(() -> offered.stream().filter(c -> c.scheme().equals("basic")).findFirst());
        if (usable.isEmpty()) {
            return false;
        }
        Challenge previous = challenges.put(ep.authority(), usable.get());
        tokens.remove(tokenKey(ep, scope));
        if (previous == null || !previous.equals(usable.get()) || sent.isEmpty()) {
            return true;  // we sent nothing, or answered another challenge: now we can do better
        }
        // Same challenge again: only a Bearer token that was cached (maybe revoked) is worth a retry.
        return usable.get().scheme().equals("bearer");
    }

    Optional<Credentials> login(Endpoint ep) {
        String key = ep.mirror() ? ep.authority() : ep.registry();
        return logins.computeIfAbsent(key, credentials::lookup);
    }

    private String tokenKey(Endpoint ep, Scope scope) {
        return ep.authority() + " " + scope.key();
    }

    private Token token(Endpoint ep, Challenge c, Scope scope) throws IOException {
        String key = tokenKey(ep, scope);
        Token cached = tokens.get(key);
        if (cached != null && Instant.now().isBefore(cached.expires())) {
            return cached;
        }
        Token fresh = fetchToken(ep, c, scope);
        tokens.put(key, fresh);
        return fresh;
    }

    private Token fetchToken(Endpoint ep, Challenge c, Scope scope) throws IOException {
        String realm = c.parameter("realm").orElseThrow(() -> new UnavailableException(
                "registry " + ep.authority() + " asked for a Bearer token but named no realm"));
        StringBuilder query = new StringBuilder();
        c.parameter("service").ifPresent(s -> param(query, "service", s));
        scope.scopes().forEach(s -> param(query, "scope", s));
        Optional<Credentials> login = login(ep);
        HttpRequest.Builder request;
        URI realmUri = URI.create(realm);
        if (login.isPresent() && login.get().identityToken().isPresent()) {
            // An identity token is an OAuth2 refresh token: POST it, as Docker does.
            param(query, "grant_type", "refresh_token");
            param(query, "refresh_token", login.get().identityToken().get());
            param(query, "client_id", "stevedore");
            request = HttpRequest.newBuilder(realmUri)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(query.toString()));
        } else {
            String sep = realm.contains("?") ? "&" : "?";
            request = HttpRequest.newBuilder(URI.create(realm + (query.isEmpty() ? "" : sep + query))).GET();
            login.ifPresent(l -> request.header("Authorization", l.basic()));
        }
        HttpResponse<InputStream> r;
        try {
            r = http.send(request.timeout(timeout).build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        byte[] body;
        try (InputStream in = r.body()) {
            body = in.readNBytes(1 << 20);
        }
        if (r.statusCode() == 401 || r.statusCode() == 403) {
            throw new UnauthorizedException("registry " + ep.authority() + ": the token service "
                    + realmUri.getAuthority() + " refused " + (login.isPresent()
                    ? "the credentials of user \"" + login.get().username() + "\"" : "anonymous access")
                    + " (HTTP " + r.statusCode() + ")");
        }
        if (r.statusCode() != 200) {
            throw new UnavailableException("registry " + ep.authority() + ": the token service "
                    + realmUri.getAuthority() + " answered HTTP " + r.statusCode());
        }
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            throw new UnavailableException("registry " + ep.authority() + ": the token service answered no JSON");
        }
        String token = json.path("token").asText(json.path("access_token").asText(""));
        if (token.isEmpty()) {
            throw new UnavailableException("registry " + ep.authority() + ": the token service answered no token");
        }
        long life = Math.max(json.path("expires_in").asLong(0), MIN_TOKEN_LIFE.toSeconds());
        // Refresh a little early so a token never expires between our check and the registry's.
        return new Token(token, Instant.now().plusSeconds(life - 10));
    }

    private static void param(StringBuilder query, String name, String value) {
        if (!query.isEmpty()) {
            query.append('&');
        }
        query.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
}
