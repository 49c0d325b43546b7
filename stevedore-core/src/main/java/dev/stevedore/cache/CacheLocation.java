package dev.stevedore.cache;

import dev.stevedore.oci.ImageReference;
import java.nio.file.Path;
import java.util.Objects;

/** Where a shared build cache lives: a registry's repository and tag, or a directory (an OCI image layout). */
public sealed interface CacheLocation permits CacheLocation.Registry, CacheLocation.Local, CacheLocation.Inline {

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

    /**
     * {@code --cache-to type=inline}: the records of the result's steps travel in the image's
     * own manifest (an annotation), so the pushed image is itself a {@code --cache-from} source.
     */
    record Inline() implements CacheLocation {
        @Override
        public String toString() {
            return "the image (inline)";
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
