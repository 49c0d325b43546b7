package dev.stevedore.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real registry for tests: Debian's {@code docker-registry} (distribution 2.8) serving on
 * 127.0.0.1 on a free port, with a temporary config and storage, in one of three auth modes:
 * none, htpasswd Basic, or token ({@code auth: token}, with a {@link TokenIssuer} signing JWTs
 * with a test key). Tests are skipped when the binary is absent. {@link #stop()} kills it (to
 * test a registry that goes away); {@link #close()} also removes its files.
 */
public final class TestRegistry implements AutoCloseable {

    public static final Path BINARY = Path.of("/usr/bin/docker-registry");
    public static final String SERVICE = "stevedore-registry";

    private final Path dir;
    private final int port;
    private final Process process;
    private final TokenIssuer issuer;

    private TestRegistry(Path dir, int port, Process process, TokenIssuer issuer) {
        this.dir = dir;
        this.port = port;
        this.process = process;
        this.issuer = issuer;
    }

    /** A registry without auth. */
    public static TestRegistry start() {
        return launch(null, null, null);
    }

    /** A registry asking for {@code user}/{@code password} by htpasswd Basic auth. */
    public static TestRegistry startBasic(String user, String password) {
        return launch("basic", user, password);
    }

    /**
     * A registry with token auth; its issuer grants {@code user}/{@code password} pull and push
     * on every repository, and anonymous clients nothing.
     */
    public static TestRegistry startToken(String user, String password) {
        return launch("token", user, password);
    }

    private static TestRegistry launch(String auth, String user, String password) {
        Prerequisites.tool("docker-registry");
        TokenIssuer issuer = null;
        try {
            Path dir = Files.createTempDirectory("stevedore-registry");
            int port = freePort();
            String authConfig = "";
            if ("basic".equals(auth)) {
                Files.writeString(dir.resolve("htpasswd"), Bcrypt.htpasswdLine(user, password) + "\n");
                authConfig = """
                        auth:
                          htpasswd:
                            realm: stevedore-test
                            path: %s
                        """.formatted(dir.resolve("htpasswd"));
            } else if ("token".equals(auth)) {
                issuer = TokenIssuer.start(dir, user, password, SERVICE);
                authConfig = """
                        auth:
                          token:
                            realm: %s
                            service: %s
                            issuer: %s
                            rootcertbundle: %s
                        """.formatted(issuer.realm(), SERVICE, TokenIssuer.ISSUER, issuer.certificate());
            }
            String config = """
                    version: 0.1
                    log:
                      level: warn
                      accesslog:
                        disabled: true
                    storage:
                      filesystem:
                        rootdirectory: %s
                      delete:
                        enabled: true
                    http:
                      addr: 127.0.0.1:%d
                    %s""".formatted(dir.resolve("storage"), port, authConfig);
            Files.writeString(dir.resolve("config.yml"), config);
            Process p = new ProcessBuilder(BINARY.toString(), "serve", dir.resolve("config.yml").toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
            TestRegistry registry = new TestRegistry(dir, port, p, issuer);
            registry.awaitReady();
            return registry;
        } catch (IOException e) {
            if (issuer != null) {
                issuer.close();
            }
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        try (HttpClient client = HttpClient.newHttpClient()) {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IOException("docker-registry exited: " + log());
                }
                try {
                    HttpResponse<Void> r = client.send(HttpRequest.newBuilder(uri().resolve("/v2/"))
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                    if (r.statusCode() == 200 || r.statusCode() == 401) {
                        return;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
        throw new IOException("docker-registry did not answer on " + host() + " within 20 s");
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** {@code 127.0.0.1:PORT}, the registry part of a reference. */
    public String host() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public URI uri() {
        return URI.create("http://" + host() + "/");
    }

    /** The token issuer, for token-auth registries. */
    public TokenIssuer issuer() {
        if (issuer == null) {
            throw new IllegalStateException("this registry does not use token auth");
        }
        return issuer;
    }

    /** What the registry printed so far. */
    public String log() {
        try {
            return Files.readString(dir.resolve("registry.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Kills the registry (its storage stays until {@link #close()}). */
    public void stop() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
        if (issuer != null) {
            issuer.close();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            // a temp dir left behind is harmless
        }
    }

    /** Runs a command to the end; its output, or an exception naming it when it fails. */
    static String run(Path dir, List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return out;
    }
}
