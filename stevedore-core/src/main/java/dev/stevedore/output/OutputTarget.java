package dev.stevedore.output;

import dev.stevedore.oci.LayerCompression;
import dev.stevedore.oci.ImageReference;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a built image goes ({@code build --output}). Each kind has one exporter;
 * {@link Exporters#export} picks it.
 */
public sealed interface OutputTarget {

    /**
     * Into the local store, tagged with each of {@code tags} (none: stored, untagged): BuildKit's
     * image exporter, {@code type=image}; with {@code push} ({@code type=registry}, or
     * {@code type=image,push=true}) every {@code -t} name is pushed too.
     *
     * @param compression how its layers are compressed, when asked ({@code compression=...}); a push
     *                    sends gzip otherwise
     */
    record Store(List<ImageReference> tags, boolean push, Optional<LayerCompression> compression)
            implements OutputTarget {
        public Store {
            tags = List.copyOf(tags);
            Objects.requireNonNull(compression, "compression");
        }

        /** Stored and tagged only, its layers as the build keeps them. */
        public Store(List<ImageReference> tags) {
            this(tags, false, Optional.empty());
        }
    }

    /**
     * {@code type=oci,dest=FILE}: an OCI image layout as one tar.
     *
     * @param compression how its layers are compressed, when asked; gzip otherwise
     */
    record OciArchive(Path dest, Optional<LayerCompression> compression) implements OutputTarget {
        public OciArchive {
            Objects.requireNonNull(dest, "dest");
            Objects.requireNonNull(compression, "compression");
        }

        /** With gzip layers. */
        public OciArchive(Path dest) {
            this(dest, Optional.empty());
        }
    }

    /**
     * {@code type=docker,dest=FILE}: an archive {@code docker load} reads.
     *
     * @param compression how its layers are compressed, when asked; otherwise as the store keeps them
     *                    (uncompressed for a build that nothing else compresses)
     */
    record DockerArchive(Path dest, Optional<LayerCompression> compression) implements OutputTarget {
        public DockerArchive {
            Objects.requireNonNull(dest, "dest");
            Objects.requireNonNull(compression, "compression");
        }

        /** With its layers as the store keeps them. */
        public DockerArchive(Path dest) {
            this(dest, Optional.empty());
        }
    }

    /** {@code type=local,dest=DIR}: the image's file system as files. */
    record LocalDirectory(Path dest) implements OutputTarget {
        public LocalDirectory {
            Objects.requireNonNull(dest, "dest");
        }
    }

    /** {@code type=tar,dest=FILE}: the image's file system as one tar. */
    record Tar(Path dest) implements OutputTarget {
        public Tar {
            Objects.requireNonNull(dest, "dest");
        }
    }
}
