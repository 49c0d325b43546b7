package dev.stevedore.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * An HTTP proxy in front of a {@link TestRegistry} that injects faults: each {@link Rule}
 * matches requests (method and path) and misbehaves for its first {@code times} matches, then
 * lets them through. {@code Location} headers are rewritten so uploads keep going through us.
 */
public final class FaultProxy implements AutoCloseable {

    /** How to misbehave. */
    public sealed interface Fault {
        /** Answer {@code status} (with {@code Retry-After} when not null) without asking the registry. */
        record Status(int status, String retryAfter) implements Fault { }
        /** Send the headers and half the body, then drop the connection. */
        record Reset() implements Fault { }
        /** Flip one byte of the body: a blob with the wrong digest. */
        record Corrupt() implements Fault { }
        /** Wait this long before answering. */
        record Slow(long millis) implements Fault { }
        /** Send the headers and half the body, then nothing for this long, then the rest. */
        record Stall(long millis) implements Fault { }
        /** Announce and send only the first half of the body: a clean end, too early. */
        record Truncate() implements Fault { }
    }

    /** {@code fault} for the first {@code times} requests matching {@code method} and {@code path}. */
    public record Rule(String method, Predicate<String> path, Fault fault, AtomicInteger left) {
        public static Rule of(String method, String pathContains, Fault fault, int times) {
            return new Rule(method, p -> p.contains(pathContains), fault, new AtomicInteger(times));
        }
    }

    private static final Set<String> HOP = Set.of("connection", "content-length", "transfer-encoding", "host",
            "expect", "upgrade", "keep-alive", "date");

    private final HttpServer server;
    private final URI upstream;
    private final HttpClient client = HttpClient.newHttpClient();
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final List<String> seen = new CopyOnWriteArrayList<>();

    private FaultProxy(HttpServer server, URI upstream) {
        this.server = server;
        this.upstream = upstream;
    }

    public static FaultProxy start(TestRegistry registry) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        FaultProxy proxy = new FaultProxy(server, registry.uri());
        server.createContext("/", proxy::handle);
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        return proxy;
    }

    public String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    public FaultProxy add(Rule rule) {
        rules.add(rule);
        return this;
    }

    /** {@code METHOD path} of every request so far. */
    public List<String> seen() {
        return List.copyOf(seen);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getRawPath();
            seen.add(method + " " + path);
            Fault fault = null;
            for (Rule r : rules) {
                if (r.method().equals(method) && r.path().test(path) && r.left().getAndDecrement() > 0) {
                    fault = r.fault();
                    break;
                }
            }
            if (fault instanceof Fault.Status s) {
                if (s.retryAfter() != null) {
                    ex.getResponseHeaders().add("Retry-After", s.retryAfter());
                }
                ex.sendResponseHeaders(s.status(), -1);
                return;
            }
            if (fault instanceof Fault.Slow slow) {
                Thread.sleep(slow.millis());
            }
            HttpResponse<byte[]> r = forward(ex);
            r.headers().map().forEach((name, values) -> {
                if (!HOP.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(v -> ex.getResponseHeaders().add(name, v.replace(upstream.getAuthority(), host())));
                }
            });
            byte[] body = r.body();
            boolean noBody = method.equals("HEAD") || body.length == 0;
            int length = fault instanceof Fault.Truncate ? body.length / 2 : body.length;
            ex.sendResponseHeaders(r.statusCode(), noBody ? -1 : length);
            if (noBody) {
                return;
            }
            OutputStream out = ex.getResponseBody();
            switch (fault) {
                case Fault.Reset reset -> {
                    out.write(body, 0, body.length / 2);
                    out.flush();
                    throw new IOException("reset on purpose");  // HttpServer drops the connection
                }
                case Fault.Stall stall -> {
                    out.write(body, 0, body.length / 2);
                    out.flush();
                    Thread.sleep(stall.millis());
                    out.write(body, body.length / 2, body.length - body.length / 2);
                }
                case Fault.Truncate truncate -> out.write(body, 0, length);
                case Fault.Corrupt corrupt -> {
                    body = body.clone();
                    body[body.length / 2] ^= 0x5a;
                    out.write(body);
                }
                case null, default -> out.write(body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private HttpResponse<byte[]> forward(HttpExchange ex) throws IOException, InterruptedException {
        byte[] body = ex.getRequestBody().readAllBytes();
        HttpRequest.Builder b = HttpRequest.newBuilder(upstream.resolve(ex.getRequestURI().toString()))
                .method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        ex.getRequestHeaders().forEach((name, values) -> {
            if (!HOP.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> b.header(name, v));
            }
        });
        return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Override
    public void close() {
        server.stop(0);
        client.close();
    }
}
