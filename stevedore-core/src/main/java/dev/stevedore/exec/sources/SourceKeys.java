package dev.stevedore.exec.sources;

import dev.stevedore.oci.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Optional;

/**
 * What identifies the content an {@code ADD} source contributes, for the step's cache key: two
 * sources with the same key give the same files. Each key is the sha256 of a versioned,
 * NUL-separated description, so keys of different kinds never collide.
 *
 * <ul>
 *   <li>URL: the file name and {@code --checksum} when given (known before downloading, as in
 *       BuildKit, so a hit needs no download); else the content digest and {@code Last-Modified}
 *       (the file's mtime);
 *   <li>git: the commit, the subdirectory, and with {@code --keep-git-dir} the remote (it is
 *       written in {@code .git/config});
 *   <li>local archive: its content digest.
 * </ul>
 */
public final class SourceKeys {

    private static final String VERSION = "stevedore.add.v1";

    private SourceKeys() {}

    /** The key of a URL source before downloading: present only with {@code --checksum}. */
    public static Optional<Digest> urlBeforeDownload(URI url, Optional<Digest> checksum) {
        String fileName = Downloads.fileName(url, "ADD " + Redaction.redact(url.toString()));
        return checksum.map(c -> key("http", fileName, c.toString(), ""));
    }

    /** The key of a downloaded URL source; equal to {@link #urlBeforeDownload} with {@code --checksum}. */
    public static Digest url(Downloaded downloaded, Optional<Digest> checksum) {
        return checksum.map(c -> key("http", downloaded.fileName(), c.toString(), ""))
                .orElseGet(() -> key("http", downloaded.fileName(), downloaded.contentDigest().toString(),
                        downloaded.lastModified().map(Instant::toString).orElse("")));
    }

    /** The key of a git checkout. */
    public static Digest git(GitRef ref, GitCheckout checkout, boolean keepGitDir) {
        return key("git", checkout.commit(), normalizedSubdir(ref), keepGitDir ? "keep-git-dir" : "",
                keepGitDir ? ref.remote() : "");
    }

    /** The key of a local archive, from its content. */
    public static Digest archive(Path file) throws IOException {
        MessageDigest md = Digest.newSha256();
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                md.update(buffer, 0, n);
            }
        }
        return archive(Digest.of(Digest.SHA256, md));
    }

    /** The key of a local archive whose content digest is known (e.g. from the context's hashes). */
    public static Digest archive(Digest content) {
        return key("archive", content.toString());
    }

    /** "a/./b/" and "a/b" name the same directory. */
    private static String normalizedSubdir(GitRef ref) {
        return String.join("/", ref.subdir().stream()
                .flatMap(s -> java.util.Arrays.stream(s.split("/")))
                .filter(p -> !p.isEmpty() && !p.equals("."))
                .toList());
    }

    private static Digest key(String... fields) {
        MessageDigest md = Digest.newSha256();
        md.update(VERSION.getBytes(StandardCharsets.UTF_8));
        for (String field : fields) {
            md.update((byte) 0);
            md.update(field.getBytes(StandardCharsets.UTF_8));
        }
        return Digest.of(Digest.SHA256, md);
    }
}
