package dev.stevedore.exec.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.diag.NotFoundException;
import dev.stevedore.diag.UnauthorizedException;
import dev.stevedore.diag.UnavailableException;
import dev.stevedore.oci.Digest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads against a local HTTP server on 127.0.0.1. */
class DownloadsTest {

    static final byte[] BODY = "hello, stevedore\n".getBytes(StandardCharsets.UTF_8);
    static final Digest BODY_SHA256 = Digest.sha256(BODY);
    static final String LAST_MODIFIED = "Wed, 21 Oct 2015 07:28:00 GMT";
    static final Instant LAST_MODIFIED_INSTANT = Instant.parse("2015-10-21T07:28:00Z");

    @TempDir
    Path into;
    HttpServer server;
    ExecutorService executor;
    String base;
    /** Generous: a loaded CI machine can take a second to answer the first request. */
    final Downloads downloads = Downloads.withIdleTimeout(Duration.ofSeconds(20));
    /** For the tests of silent servers, which take this long. */
    final Downloads impatient = Downloads.withIdleTimeout(Duration.ofMillis(3000));

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        executor = Executors.newCachedThreadPool();
        server.setExecutor(executor);
        server.createContext("/", this::serve);
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void serve(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        switch (path) {
            case "/files/app.tar.gz", "/dir/", "/", "/files/my file.txt" -> {
                ex.getResponseHeaders().add("Last-Modified", LAST_MODIFIED);
                send(ex, 200, BODY);
            }
            case "/plain/data.bin" -> send(ex, 200, BODY);
            case "/bad-date/data.bin" -> {
                ex.getResponseHeaders().add("Last-Modified", "yesterday");
                send(ex, 200, BODY);
            }
            case "/named" -> {
                ex.getResponseHeaders().add("Content-Disposition", "attachment; filename=\"other.txt\"");
                send(ex, 200, BODY);
            }
            case "/redirect/start.bin" -> redirect(ex, "/redirect/middle");
            case "/redirect/middle" -> redirect(ex, base + "/files/app.tar.gz");
            case "/loop" -> redirect(ex, "/loop");
            case "/missing" -> send(ex, 404, "no".getBytes(StandardCharsets.UTF_8));
            case "/gone" -> send(ex, 410, new byte[0]);
            case "/secret" -> send(ex, 401, new byte[0]);
            case "/forbidden" -> send(ex, 403, new byte[0]);
            case "/broken" -> send(ex, 500, new byte[0]);
            case "/busy" -> send(ex, 503, new byte[0]);
            case "/teapot" -> send(ex, 418, new byte[0]);
            case "/odd" -> send(ex, 299 + 300, new byte[0]);
            case "/stall" -> {
                ex.sendResponseHeaders(200, 1000);
                ex.getResponseBody().write(new byte[100]);
                ex.getResponseBody().flush();
                sleep(30_000);
                ex.close();
            }
            case "/silent" -> {
                sleep(30_000);
                send(ex, 200, BODY);
            }
            case "/reset" -> {
                ex.sendResponseHeaders(200, 1000);
                OutputStream out = ex.getResponseBody();
                out.write(new byte[100]);
                out.flush();
                ex.close(); // 900 bytes short: the server drops the connection
            }
            default -> send(ex, 404, new byte[0]);
        }
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static void redirect(HttpExchange ex, String location) throws IOException {
        ex.getResponseHeaders().add("Location", location);
        send(ex, 302, new byte[0]);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Downloaded fetch(String path) throws IOException {
        return fetch(path, Optional.empty());
    }

    private Downloaded fetch(String path, Optional<Digest> checksum) throws IOException {
        return downloads.fetch(URI.create(base + path), checksum, into);
    }

    private String[] leftovers() throws IOException {
        try (var s = Files.list(into)) {
            return s.map(p -> p.getFileName().toString()).toArray(String[]::new);
        }
    }

    @Test
    void downloadsWithLastModifiedAsMtimeAndMode0600() throws IOException {
        Downloaded d = fetch("/files/app.tar.gz");
        assertThat(d.fileName()).isEqualTo("app.tar.gz");
        assertThat(d.file()).isEqualTo(into.resolve("app.tar.gz")).hasBinaryContent(BODY);
        assertThat(d.contentDigest()).isEqualTo(BODY_SHA256);
        assertThat(d.lastModified()).contains(LAST_MODIFIED_INSTANT);
        assertThat(Files.getLastModifiedTime(d.file()).toInstant()).isEqualTo(LAST_MODIFIED_INSTANT);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(d.file()))).isEqualTo("rw-------");
        assertThat(leftovers()).containsExactly("app.tar.gz");
    }

    @Test
    void withoutLastModifiedTheMtimeIsTheEpoch() throws IOException {
        for (String path : new String[] {"/plain/data.bin", "/bad-date/data.bin"}) {
            Downloaded d = fetch(path);
            assertThat(d.lastModified()).as(path).isEmpty();
            assertThat(d.mtime()).isEqualTo(Instant.EPOCH);
            assertThat(Files.getLastModifiedTime(d.file()).toInstant()).isEqualTo(Instant.EPOCH);
        }
    }

    @Test
    void fileNamesComeFromTheUrlPathAsBuildKitNamesThem() throws IOException {
        assertThat(fetch("/dir/").fileName()).isEqualTo("dir");
        assertThat(fetch("/").fileName()).isEqualTo(Downloads.UNNAMED);
        assertThat(fetch("/files/my%20file.txt").fileName()).isEqualTo("my file.txt");
        assertThat(fetch("/named").fileName()).as("Content-Disposition is ignored").isEqualTo("named");
        assertThat(into.resolve("__unnamed__")).hasBinaryContent(BODY);
    }

    @Test
    void fileNameTable() {
        String[][] table = {
            {"https://h", "__unnamed__"}, {"https://h/", "__unnamed__"}, {"https://h//", "__unnamed__"},
            {"https://h/a/b.tgz?x=1#frag", "b.tgz"}, {"https://h/a/b/", "b"}, {"https://h/a/.", "__unnamed__"},
            {"https://h/a/..", "__unnamed__"}, {"https://h/%2e%2e", "__unnamed__"}, {"https://h/a%2Fb", "b"},
        };
        for (String[] row : table) {
            assertThat(Downloads.fileName(URI.create(row[0]), "x")).as(row[0]).isEqualTo(row[1]);
        }
        assertThatThrownBy(() -> Downloads.fileName(URI.create("https://h/a%00b"), "ADD https://h/a%00b"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("ADD https://h/a%00b: the file name in the URL has a NUL character");
    }

    @Test
    void followsRedirectsAndKeepsTheRequestedName() throws IOException {
        Downloaded d = fetch("/redirect/start.bin");
        assertThat(d.fileName()).isEqualTo("start.bin");
        assertThat(d.file()).hasBinaryContent(BODY);
        assertThat(d.lastModified()).contains(LAST_MODIFIED_INSTANT);
    }

    @Test
    void endlessRedirectsAreReported() {
        assertThatThrownBy(() -> fetch("/loop"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("ADD " + base + "/loop: server answered 302 Found (too many redirects)");
    }

    @Test
    void checksumsAreVerified() throws IOException {
        assertThat(fetch("/plain/data.bin", Optional.of(BODY_SHA256)).contentDigest()).isEqualTo(BODY_SHA256);
        Digest sha512 = Digest.sha512(BODY);
        assertThat(fetch("/plain/data.bin", Optional.of(sha512)).contentDigest()).isEqualTo(BODY_SHA256);
    }

    @Test
    void aChecksumMismatchFailsAndLeavesNothing() throws IOException {
        Digest wrong = Digest.sha256("other".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> fetch("/plain/data.bin", Optional.of(wrong)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("ADD " + base + "/plain/data.bin: checksum mismatch: expected " + wrong + " got "
                        + BODY_SHA256);
        Digest wrong512 = Digest.sha512("other".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> fetch("/plain/data.bin", Optional.of(wrong512)))
                .hasMessage("ADD " + base + "/plain/data.bin: checksum mismatch: expected " + wrong512 + " got "
                        + Digest.sha512(BODY));
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void httpErrorsAreNamedWithTheirCategory() throws IOException {
        record Case(String path, Class<?> type, String status) {}
        Case[] cases = {
            new Case("/missing", NotFoundException.class, "404 Not Found"),
            new Case("/gone", NotFoundException.class, "410 Gone"),
            new Case("/secret", UnauthorizedException.class, "401 Unauthorized"),
            new Case("/forbidden", UnauthorizedException.class, "403 Forbidden"),
            new Case("/broken", UnavailableException.class, "500 Internal Server Error"),
            new Case("/busy", UnavailableException.class, "503 Service Unavailable"),
            new Case("/teapot", InvalidInputException.class, "418 I'm a teapot"),
            new Case("/odd", UnavailableException.class, "599"),
        };
        for (Case c : cases) {
            assertThatThrownBy(() -> fetch(c.path()))
                    .isInstanceOf(c.type())
                    .hasMessage("ADD " + base + c.path() + ": server answered " + c.status());
        }
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void aStalledDownloadIsGivenUp() throws IOException {
        assertThatThrownBy(() -> impatient.fetch(URI.create(base + "/stall"), Optional.empty(), into))
                .isInstanceOf(UnavailableException.class)
                .hasMessage("ADD " + base + "/stall: the server stopped sending data for 3 s");
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void aSilentServerIsGivenUp() {
        assertThatThrownBy(() -> impatient.fetch(URI.create(base + "/silent"), Optional.empty(), into))
                .isInstanceOf(UnavailableException.class)
                .hasMessage("ADD " + base + "/silent: the server did not answer for 3 s");
    }

    @Test
    void aResetConnectionIsUnavailable() throws IOException {
        assertThatThrownBy(() -> fetch("/reset"))
                .isInstanceOf(UnavailableException.class)
                .hasMessageStartingWith("ADD " + base + "/reset: the download broke off: ");
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void aRefusedConnectionIsUnavailable() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/a.tar";
        assertThatThrownBy(() -> downloads.fetch(URI.create(url), Optional.empty(), into))
                .isInstanceOf(UnavailableException.class)
                .hasMessageStartingWith("ADD " + url + ": cannot connect: ");
    }

    @Test
    void onlyHttpAndHttpsAreDownloaded() {
        assertThatThrownBy(() -> downloads.fetch(URI.create("ftp://h/a.tar"), Optional.empty(), into))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("ADD ftp://h/a.tar: only http and https URLs can be downloaded");
    }

    @Test
    void passwordsNeverAppearInMessages() {
        String url = "http://user:hunter2@127.0.0.1:" + server.getAddress().getPort() + "/missing";
        assertThatThrownBy(() -> downloads.fetch(URI.create(url), Optional.empty(), into))
                .hasMessage("ADD http://user:xxxxx@127.0.0.1:" + server.getAddress().getPort()
                        + "/missing: server answered 404 Not Found");
    }

    @Test
    void httpDates() {
        assertThat(HttpDates.parse("Sun, 06 Nov 1994 08:49:37 GMT")).contains(Instant.parse("1994-11-06T08:49:37Z"));
        assertThat(HttpDates.parse("Sunday, 06-Nov-94 08:49:37 GMT")).contains(Instant.parse("1994-11-06T08:49:37Z"));
        assertThat(HttpDates.parse("Sun Nov  6 08:49:37 1994")).contains(Instant.parse("1994-11-06T08:49:37Z"));
        assertThat(HttpDates.parse("2015-10-21")).isEmpty();
        assertThat(HttpDates.parse("")).isEmpty();
    }
}
