package dev.stevedore.cache;

import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.Digest;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a build cache, local or shared, by the digest of its cache key. The cache keeps
 * records opaque: it never computes keys, only carries them (see {@code docs/cache-format.md}).
 */
public sealed interface CacheRecord permits CacheRecord.Step, CacheRecord.Selection, CacheRecord.Mount {

    /** The digest of the record's cache key: what a build looks it up by. */
    Digest key();

    /** A layer of a step's result: the compressed blob and the digest of its tar (the diffID). */
    record Layer(Descriptor blob, Digest diffId) {
        public Layer {
            Objects.requireNonNull(blob, "blob");
            Objects.requireNonNull(diffId, "diffId");
        }
    }

    /**
     * The result of a layer-making step.
     *
     * @param facts   what made the key (names and digests), so that a miss can be explained against it
     * @param created      when the step first ran: its history time
     * @param layer        its layer; empty for a step that changed nothing
     */
    record Step(Digest key, KeyFacts facts, Instant created, Optional<Layer> layer) implements CacheRecord {
        public Step {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(facts, "facts");
            Objects.requireNonNull(created, "created");
            Objects.requireNonNull(layer, "layer");
        }
    }

    /**
     * The content digest of files a {@code COPY --from} selects in a tree of layers, remembered so
     * that a build whose stages all hit never mounts (or fetches) those layers to compute it.
     */
    record Selection(Digest key, String digest) implements CacheRecord {
        public Selection {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(digest, "digest");
        }
    }

    /**
     * The contents of a {@code RUN --mount=type=cache} directory, exported with
     * {@code --cache-to ...,cache-mounts=true} and restored into an absent or empty cache mount of
     * the same identity by a build reading the cache.
     *
     * @param key   {@link #keyOf} the mount's identity
     * @param id    the mount's identity in clear (its id, or target, and where it is seeded from), for people
     * @param layer its contents as a layer
     */
    record Mount(Digest key, String id, Layer layer) implements CacheRecord {
        public Mount {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(layer, "layer");
        }

        /**
         * The key of the cache mount whose identity is {@code id}: a digest of a versioned form, so
         * that it never equals a step's key.
         */
        public static Digest keyOf(String id) {
            return Digest.sha256(("stevedore-cache-mount 1\n" + id).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
