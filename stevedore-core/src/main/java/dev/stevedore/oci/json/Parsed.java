package dev.stevedore.oci.json;

import dev.stevedore.oci.Digest;
import java.util.Arrays;
import java.util.Objects;

/**
 * A document as read, with the exact bytes it was read from and their digest. Re-emit
 * {@link #raw()} (never a re-serialization of {@link #value()}) wherever the digest must stay
 * the same: in a registry, in the store, in an index that points to it.
 *
 * @param value  the parsed document
 * @param raw    the bytes, unchanged (fields we do not know included)
 * @param digest the sha256 digest of {@code raw}
 */
public record Parsed<T>(T value, byte[] raw, Digest digest) {

    public Parsed {
        Objects.requireNonNull(value, "value");
        raw = raw.clone();
        Objects.requireNonNull(digest, "digest");
    }

    /** A copy of the bytes (the record keeps its own). */
    @Override
    public byte[] raw() {
        return raw.clone();
    }

    /** The number of bytes, as a descriptor's {@code size}. */
    public long size() {
        return raw.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Parsed<?> p && value.equals(p.value) && Arrays.equals(raw, p.raw)
                && digest.equals(p.digest);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value, Arrays.hashCode(raw), digest);
    }

    @Override
    public String toString() {
        return "Parsed[" + digest + ", " + raw.length + " bytes, " + value + "]";
    }
}
