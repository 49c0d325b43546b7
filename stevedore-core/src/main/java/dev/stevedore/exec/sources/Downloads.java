package dev.stevedore.exec.sources;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.diag.NotFoundException;
import dev.stevedore.diag.StevedoreException;
import dev.stevedore.diag.UnauthorizedException;
import dev.stevedore.diag.UnavailableException;
import dev.stevedore.oci.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Downloads the file of an {@code ADD http(s)://...} source as BuildKit's HTTP source does:
 *
 * <ul>
 *   <li>redirects are followed (of any scheme, as Go's client does; at most the JDK's limit of 5);
 *   <li>the body is streamed to disk and hashed on the way; with {@code --checksum} a mismatch
 *       deletes the file and fails;
 *   <li>the file is named after the last segment of the URL's path (never
 *       {@code Content-Disposition}), {@value #UNNAMED} when there is none;
 *   <li>its mtime is {@code Last-Modified}, else the Unix epoch; its mode is 0600 (the step applies
 *       {@code --chmod});
 *   <li>it is never unpacked here: a URL is unpacked only with {@code --unpack=true}, by the caller.
 * </ul>
 *
 * <p>Errors name the URL (password hidden): {@code ADD https://x/a: server answered 404 Not Found}
 * ({@link NotFoundException}; 401/403 {@link UnauthorizedException}; 5xx and every network failure
 * {@link UnavailableException}; other answers and a checksum mismatch {@link InvalidInputException}).
 * A server that sends nothing for the idle timeout is given up on. Failures of the local disk are
 * {@link IOException}s.
 */
public final class Downloads {

    /** BuildKit's name for a download whose URL path has no last segment. */
    public static final String UNNAMED = "__unnamed__";

    private static final Duration DEFAULT_IDLE = Duration.ofSeconds(60);

    private final Duration idleTimeout;
    /** Made on the first download: every build has a {@code Downloads}, few download anything. */
    private HttpClient client;

    private Downloads(Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
    }

    private synchronized HttpClient client() {
        if (client == null) {
            client = HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.ALWAYS)
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(idleTimeout)
                    .build();
        }
        return client;
    }

    /** Downloads that give up on a server silent for 60 seconds. */
    public static Downloads withDefaults() {
        return new Downloads(DEFAULT_IDLE);
    }

    /** Downloads that give up on a server silent for {@code idleTimeout} (while connecting too). */
    public static Downloads withIdleTimeout(Duration idleTimeout) {
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idle timeout must be positive: " + idleTimeout);
        }
        return new Downloads(idleTimeout);
    }

    /**
     * Fetches {@code url} into {@code intoDir} (an existing directory, normally empty).
     *
     * @param checksum {@code --checksum}: the digest the content must have
     */
    public Downloaded fetch(URI url, Optional<Digest> checksum, Path intoDir) throws IOException {
        Objects.requireNonNull(checksum, "checksum");
        String label = "ADD " + Redaction.redact(url.toString());
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new InvalidInputException(label + ": only http and https URLs can be downloaded");
        }
        String fileName = fileName(url, label);
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(url).GET().header("User-Agent", "stevedore").build();
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(label + ": invalid URL: " + e.getMessage(), e);
        }
        MessageDigest sha256 = Digest.newSha256();
        List<MessageDigest> digests = new ArrayList<>(List.of(sha256));
        Optional<MessageDigest> expected = checksum.filter(c -> !c.algorithm().equals(Digest.SHA256))
                .map(Digest::newMessageDigest);
        expected.ifPresent(digests::add);

        Path part = Files.createTempFile(intoDir, ".download-", ".part");
        try {
            HttpResponse<Void> response;
            try (FileChannel out = FileChannel.open(part, StandardOpenOption.WRITE)) {
                response = send(request, out, digests, label);
            }
            Digest content = Digest.of(Digest.SHA256, sha256);
            checksum.ifPresent(want -> {
                Digest got = expected.map(md -> Digest.of(want.algorithm(), md)).orElse(content);
                if (!got.equals(want)) {
                    throw new InvalidInputException(label + ": checksum mismatch: expected " + want + " got " + got);
                }
            });
            Optional<Instant> lastModified = response.headers().firstValue("Last-Modified").flatMap(HttpDates::parse);
            Path file = Files.move(part, intoDir.resolve(fileName), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            Files.setLastModifiedTime(file, FileTime.from(lastModified.orElse(Instant.EPOCH)));
            return new Downloaded(file, fileName, lastModified, content);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    /** BuildKit: {@code path.Base(u.Path)}, unless that is "." or "/" (and, here, ".."). */
    static String fileName(URI url, String label) {
        String path = url.getPath() == null ? "" : url.getPath();
        int end = path.length();
        while (end > 0 && path.charAt(end - 1) == '/') {
            end--;
        }
        String base = path.substring(path.lastIndexOf('/', end - 1) + 1, end);
        if (base.indexOf('\0') >= 0) {
            throw new InvalidInputException(label + ": the file name in the URL has a NUL character");
        }
        return base.isEmpty() || base.equals(".") || base.equals("..") ? UNNAMED : base;
    }

    private HttpResponse<Void> send(HttpRequest request, FileChannel out, List<MessageDigest> digests, String label)
            throws IOException {
        AtomicLong lastProgress = new AtomicLong(System.nanoTime());
        AtomicBoolean answered = new AtomicBoolean();
        FileSink sink = new FileSink(out, digests, lastProgress);
        CompletableFuture<HttpResponse<Void>> future = client().sendAsync(request, info -> {
            answered.set(true);
            lastProgress.set(System.nanoTime());
            return info.statusCode() / 100 == 2 ? sink : BodySubscribers.replacing(null);
        });
        HttpResponse<Void> response = await(future, sink, lastProgress, answered, label);
        int status = response.statusCode();
        if (status / 100 != 2) {
            throw statusError(status, label);
        }
        return response;
    }

    private HttpResponse<Void> await(CompletableFuture<HttpResponse<Void>> future, FileSink sink,
                                     AtomicLong lastProgress, AtomicBoolean answered, String label)
            throws IOException {
        long poll = Math.max(10, Math.min(1000, idleTimeout.toMillis() / 4));
        while (true) {
            try {
                return future.get(poll, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (System.nanoTime() - lastProgress.get() > idleTimeout.toNanos()) {
                    sink.cancel();
                    future.cancel(true);
                    throw new UnavailableException(label + ": " + (answered.get() ? "the server stopped sending data"
                            : "the server did not answer") + " for " + seconds(idleTimeout));
                }
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UncheckedIOException local) {
                    throw local.getCause(); // writing our file failed, not the transfer
                }
                throw transferError(e.getCause(), answered.get(), label);
            } catch (InterruptedException e) {
                future.cancel(true);
                Thread.currentThread().interrupt();
                throw new UnavailableException(label + ": interrupted", e);
            }
        }
    }

    private static StevedoreException statusError(int status, String label) {
        String message = label + ": server answered " + HttpStatus.describe(status)
                + (status / 100 == 3 ? " (too many redirects)" : "");
        return switch (status) {
            case 404, 410 -> new NotFoundException(message);
            case 401, 403, 407 -> new UnauthorizedException(message);
            default -> status >= 500 || status == 408 || status == 429
                    ? new UnavailableException(message)
                    : new InvalidInputException(message);
        };
    }

    private static StevedoreException transferError(Throwable cause, boolean answered, String label) {
        if (cause instanceof StevedoreException se) {
            return se;
        }
        String reason = reason(cause);
        return new UnavailableException(label + ": " + (answered ? "the download broke off: " : "cannot connect: ")
                + reason, cause);
    }

    /** The first message in the cause chain; the exception's kind when none has one. */
    private static String reason(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c.getMessage() != null && !c.getMessage().isBlank()) {
                return c.getMessage();
            }
        }
        return t.getClass().getSimpleName();
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
