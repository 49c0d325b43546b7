package dev.stevedore.layer;

import dev.stevedore.oci.Compression;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How a layer is written: its compression, and which metadata is normalized so that the same
 * content gives the same digest wherever and whenever it is built.
 *
 * @param sourceDateEpoch when set, mtimes later than it are clamped to it ({@code SOURCE_DATE_EPOCH})
 * @param owner           when set, every member is owned by it instead of the file's owner
 */
public record LayerOptions(Compression compression, Optional<Instant> sourceDateEpoch, Optional<Owner> owner) {

    /** A numeric owner. */
    public record Owner(long uid, long gid) {}

    public LayerOptions {
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(sourceDateEpoch, "sourceDateEpoch");
        Objects.requireNonNull(owner, "owner");
    }

    /**
     * Uncompressed (the store keeps layers as written; a push or an export compresses them once,
     * see {@link LayerForms}), metadata kept as found.
     */
    public static LayerOptions defaults() {
        return new LayerOptions(Compression.NONE, Optional.empty(), Optional.empty());
    }

    public LayerOptions withCompression(Compression c) {
        return new LayerOptions(c, sourceDateEpoch, owner);
    }

    public LayerOptions withSourceDateEpoch(Instant epoch) {
        return new LayerOptions(compression, Optional.of(epoch), owner);
    }

    public LayerOptions withOwner(long uid, long gid) {
        return new LayerOptions(compression, sourceDateEpoch, Optional.of(new Owner(uid, gid)));
    }

    Instant mtime(Instant found) {
        return sourceDateEpoch.filter(found::isAfter).orElse(found);
    }
}
