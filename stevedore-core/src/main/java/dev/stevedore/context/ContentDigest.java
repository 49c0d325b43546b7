package dev.stevedore.context;

import java.util.HexFormat;

/**
 * The sha256 of what a COPY or ADD reads from the context ({@link ContentHasher}).
 *
 * @param hex 64 lowercase hex digits
 */
public record ContentDigest(String hex) {

    public ContentDigest {
        if (hex.length() != 64 || !hex.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new IllegalArgumentException("not a sha256 hex digest: " + hex);
        }
    }

    static ContentDigest of(byte[] sha256) {
        return new ContentDigest(HexFormat.of().formatHex(sha256));
    }

    /** {@code sha256:<hex>}, as OCI digests are written. */
    @Override
    public String toString() {
        return "sha256:" + hex;
    }
}
