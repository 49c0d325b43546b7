package dev.stevedore.api.images;

import dev.stevedore.oci.ImageReference;
import dev.stevedore.oci.Platform;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code stevedore import} makes an image of.
 *
 * @param source   the root file system: a tar or a directory
 * @param name     the tag to give the image (normalized, {@code :latest} added); empty: untagged
 * @param changes  Dockerfile instructions applied to the config ({@code --change})
 * @param platform the image's platform; empty: the host's
 * @param created  the creation time ({@code SOURCE_DATE_EPOCH}); empty: now
 * @param message  the history entry's comment ({@code --message}); empty: "Imported from SOURCE"
 */
public record ImportRequest(Source source, Optional<ImageReference> name, List<String> changes,
        Optional<Platform> platform, Optional<Instant> created, String message) {

    /** Checks the components and keeps copies of the mutable ones. */
    public ImportRequest {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(name, "name");
        changes = List.copyOf(changes);
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(message, "message");
    }

    /** A root file system: a tar (plain, gzip, zstd or bzip2) or a directory. */
    public sealed interface Source {
        /**
         * What the history says the image was imported from.
         *
         * @return the file, or {@code -}
         */
        String describe();
    }

    /**
     * A tar file or a directory.
     *
     * @param path the tar or the directory
     */
    public record FromPath(Path path) implements Source {
        /** Checks the components and keeps copies of the mutable ones. */
        public FromPath {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String describe() {
            return path.toString();
        }
    }

    /**
     * A tar read from a stream (standard input for {@code -}).
     *
     * @param in the stream
     */
    public record FromStream(InputStream in) implements Source {
        /** Checks the components and keeps copies of the mutable ones. */
        public FromStream {
            Objects.requireNonNull(in, "in");
        }

        @Override
        public String describe() {
            return "-";
        }
    }
}
