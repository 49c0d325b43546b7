package dev.stevedore.exec.sources;

import dev.stevedore.oci.Digest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A file {@link Downloads} fetched.
 *
 * @param file          where it is: {@code intoDir/fileName}, mode 0600, mtime {@link #mtime()}
 * @param fileName      its name in the image: the last segment of the URL's path, as BuildKit
 *                      names it ({@value Downloads#UNNAMED} when the path has none)
 * @param lastModified  the server's {@code Last-Modified}, when it sent a valid one
 * @param contentDigest sha256 of the bytes
 */
public record Downloaded(Path file, String fileName, Optional<Instant> lastModified, Digest contentDigest) {

    public Downloaded {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(lastModified, "lastModified");
        Objects.requireNonNull(contentDigest, "contentDigest");
    }

    /** The file's mtime: {@code Last-Modified}, else the Unix epoch (BuildKit's choice). */
    public Instant mtime() {
        return lastModified.orElse(Instant.EPOCH);
    }
}
