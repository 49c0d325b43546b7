package dev.stevedore.output;

import dev.stevedore.oci.ImageReference;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Where a built image goes ({@code build --output}). Each kind has one exporter;
 * {@link Exporters#export} picks it.
 */
public sealed interface OutputTarget {

    /** Into the local store, tagged with each of {@code tags} (none: stored, untagged). */
    record Store(List<ImageReference> tags) implements OutputTarget {
        public Store {
            tags = List.copyOf(tags);
        }
    }

    /** {@code type=oci,dest=FILE}: an OCI image layout as one tar. */
    record OciArchive(Path dest) implements OutputTarget {
        public OciArchive {
            Objects.requireNonNull(dest, "dest");
        }
    }

    /** {@code type=docker,dest=FILE}: an archive {@code docker load} reads. */
    record DockerArchive(Path dest) implements OutputTarget {
        public DockerArchive {
            Objects.requireNonNull(dest, "dest");
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
