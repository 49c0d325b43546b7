package dev.stevedore.oci;

import dev.stevedore.diag.InvalidInputException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How an image's layers are compressed when they leave the store, as buildx's output and cache
 * attributes say it: {@code compression=uncompressed|gzip|zstd}, {@code compression-level=N},
 * {@code force-compression=true}.
 *
 * @param type  the compression
 * @param level its level ({@code 0}–{@code 9} for gzip, {@code 0}–{@code 22} for zstd); empty: Stevedore's
 *              default (gzip at its fastest level, zstd at 3)
 * @param force {@code force-compression=true}: a layer already compressed another way (a pulled base)
 *              is compressed again; without it such a layer goes out as it is, as BuildKit sends it
 */
public record LayerCompression(Compression type, OptionalInt level, boolean force) {

    /** Layers as they are stored: uncompressed, as a docker archive holds them. */
    public static final LayerCompression NONE = new LayerCompression(Compression.NONE, OptionalInt.empty(), false);

    /** What a push and an OCI archive send when nothing else is asked: gzip, which every client reads. */
    public static final LayerCompression GZIP = new LayerCompression(Compression.GZIP, OptionalInt.empty(), false);

    public LayerCompression {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(level, "level");
        if (level.isPresent()) {
            int max = switch (type) {
                case NONE -> throw new IllegalArgumentException("an uncompressed layer has no level");
                case GZIP -> 9;
                case ZSTD -> 22;
            };
            if (level.getAsInt() < 0 || level.getAsInt() > max) {
                throw new IllegalArgumentException("level " + level.getAsInt() + " of " + type);
            }
        }
    }

    /**
     * The compression buildx's attributes in {@code fields} ask for ({@code compression},
     * {@code compression-level}, {@code force-compression}); empty when they name none. A level or
     * {@code force-compression} alone is gzip's, gzip being BuildKit's default.
     *
     * @param what the flag and its value, for errors: {@code --output "type=oci,..."}
     * @throws InvalidInputException for an unknown compression, a level out of its range, or a
     *         {@code force-compression} that is not true or false
     */
    public static Optional<LayerCompression> parse(String what, Map<String, String> fields) {
        String name = fields.get("compression");
        String level = fields.get("compression-level");
        String force = fields.get("force-compression");
        if (name == null && level == null && force == null) {
            return Optional.empty();
        }
        Compression type = switch (name == null ? "gzip" : name.toLowerCase(Locale.ROOT)) {
            case "uncompressed" -> Compression.NONE;
            case "gzip" -> Compression.GZIP;
            case "zstd" -> Compression.ZSTD;
            default -> throw new InvalidInputException(what + ": unknown compression \"" + name
                    + "\" (known: uncompressed, gzip, zstd)");
        };
        if (force != null && !force.equals("true") && !force.equals("false")) {
            throw new InvalidInputException(what + ": force-compression must be true or false, not \"" + force + "\"");
        }
        return Optional.of(new LayerCompression(type, level(what, type, level), Boolean.parseBoolean(force)));
    }

    private static OptionalInt level(String what, Compression type, String level) {
        if (level == null) {
            return OptionalInt.empty();
        }
        String range = switch (type) {
            case NONE -> throw new InvalidInputException(what + ": compression-level needs a compression"
                    + " (gzip or zstd), not uncompressed");
            case GZIP -> "0 to 9 for gzip";
            case ZSTD -> "0 to 22 for zstd";
        };
        try {
            return OptionalInt.of(new LayerCompression(type, OptionalInt.of(Integer.parseInt(level)), false)
                    .level().getAsInt());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(what + ": compression-level \"" + level + "\" is out of range ("
                    + range + ")");
        }
    }

    /**
     * The name of this compression's blobs in the store's {@code CompressedForms}
     * records: {@code gzip}, {@code zstd}, with the level when one was asked ({@code zstd19}), since a
     * level makes other bytes.
     */
    public String formName() {
        String name = type.name().toLowerCase(Locale.ROOT);
        return level.isPresent() ? name + level.getAsInt() : name;
    }

    /** As a user writes it: {@code zstd}, {@code gzip (level 9)}, {@code uncompressed}. */
    @Override
    public String toString() {
        String name = type == Compression.NONE ? "uncompressed" : type.name().toLowerCase(Locale.ROOT);
        return name + (level.isPresent() ? " (level " + level.getAsInt() + ")" : "")
                + (force ? " (forced)" : "");
    }
}
