package dev.stevedore.cache;

import dev.stevedore.oci.ImageReference;
import java.nio.file.Path;
import java.util.Objects;

/** Where a shared build cache lives: a registry's repository and tag, or a directory (an OCI image layout). */
public sealed interface CacheLocation permits CacheLocation.Registry, CacheLocation.Local {

    /** {@code type=registry,ref=REF} (and the bare {@code --cache-from REF}). */
    record Registry(ImageReference ref) implements CacheLocation {
        public Registry {
            Objects.requireNonNull(ref, "ref");
        }

        @Override
        public String toString() {
            return ref.familiarString();
        }
    }

    /** {@code type=local,src=DIR} or {@code dest=DIR}. */
    record Local(Path dir) implements CacheLocation {
        public Local {
            Objects.requireNonNull(dir, "dir");
        }

        @Override
        public String toString() {
            return dir.toString();
        }
    }
}
