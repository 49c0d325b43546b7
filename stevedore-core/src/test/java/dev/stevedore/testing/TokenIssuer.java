package dev.stevedore.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tiny Docker token service for {@link TestRegistry}: {@code GET /token?service=&scope=...}
 * answers a JWT signed RS256 with a test key, whose self-signed certificate (made with the
 * {@code openssl} CLI) is the registry's {@code rootcertbundle}; the certificate travels in the
 * JWT's {@code x5c} header, which distribution 2.8 verifies against that bundle. The right Basic
 * credentials get every action asked for; anyone else gets a token granting nothing (as Docker
 * Hub does for anonymous pulls of a private repository), or 401 for wrong credentials.
 */
public final class TokenIssuer implements AutoCloseable {

    public static final String ISSUER = "stevedore-test-issuer";

    private final HttpServer server;
    private final Path certificate;
    private final PrivateKey key;
    private final String x5c;
    private final String user;
    private final String password;
    private final String service;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private TokenIssuer(HttpServer server, Path certificate, PrivateKey key, String x5c, String user, String password,
                        String service) {
        this.server = server;
        this.certificate = certificate;
        this.key = key;
        this.x5c = x5c;
        this.user = user;
        this.password = password;
        this.service = service;
    }

    static TokenIssuer start(Path dir, String user, String password, String service) throws IOException {
        Path keyFile = dir.resolve("issuer.key");
        Path certFile = dir.resolve("issuer.crt");
        TestRegistry.run(dir, List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-keyout", keyFile.toString(), "-out", certFile.toString(), "-days", "2",
                "-subj", "/CN=" + ISSUER));
        try {
            X509Certificate cert;
            try (var in = Files.newInputStream(certFile)) {
                cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            }
            String pem = Files.readString(keyFile).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(
                    new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
            TokenIssuer issuer = new TokenIssuer(server, certFile, key,
                    Base64.getEncoder().encodeToString(cert.getEncoded()), user, password, service);
            server.createContext("/token", issuer::handle);
            server.start();
            return issuer;
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("cannot load the test key: " + e.getMessage(), e);
        }
    }

    public URI realm() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/token");
    }

    public Path certificate() {
        return certificate;
    }

    /** The query of every token request so far ({@code service=...&scope=...}). */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String query = exchange.getRequestURI().getRawQuery();
            requests.add(query == null ? "" : query);
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            boolean known = false;
            if (auth != null) {
                String expected = "Basic " + Base64.getEncoder().encodeToString(
                        (user + ":" + password).getBytes(StandardCharsets.UTF_8));
                if (!auth.equals(expected)) {
                    exchange.sendResponseHeaders(401, -1);
                    return;
                }
                known = true;
            }
            byte[] body = ("{\"token\":\"" + jwt(known ? scopes(query) : List.of(), known ? user : "")
                    + "\",\"expires_in\":300}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private static List<String> scopes(String query) {
        List<String> scopes = new ArrayList<>();
        if (query != null) {
            for (String part : query.split("&")) {
                if (part.startsWith("scope=")) {
                    scopes.add(URLDecoder.decode(part.substring(6), StandardCharsets.UTF_8));
                }
            }
        }
        return scopes;
    }

    private String jwt(List<String> scopes, String subject) {
        StringBuilder access = new StringBuilder();
        for (String scope : scopes) {
            String[] parts = scope.split(":");
            if (parts.length != 3) {
                continue;
            }
            StringBuilder actions = new StringBuilder();
            for (String a : parts[2].split(",")) {
                actions.append(actions.isEmpty() ? "" : ",").append('"').append(a).append('"');
            }
            access.append(access.isEmpty() ? "" : ",").append("""
                    {"type":"%s","name":"%s","actions":[%s]}""".formatted(parts[0], parts[1], actions));
        }
        long now = System.currentTimeMillis() / 1000;
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"x5c\":[\"" + x5c + "\"]}";
        String claims = """
                {"iss":"%s","sub":"%s","aud":"%s","exp":%d,"nbf":%d,"iat":%d,"jti":"%s","access":[%s]}"""
                .formatted(ISSUER, subject, service, now + 300, now - 10, now, UUID.randomUUID(), access);
        String signingInput = b64(header.getBytes(StandardCharsets.UTF_8)) + "." + b64(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(key);
            s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + b64(s.sign());
        } catch (java.security.GeneralSecurityException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
