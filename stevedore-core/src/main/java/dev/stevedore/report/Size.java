package dev.stevedore.report;

import java.util.OptionalLong;

/**
 * Bytes of layers: {@code bytes} is the sum of the regular files' sizes in the layer tars (see the
 * package doc), {@code compressed} the sum of the layer blobs' compressed sizes, empty while one
 * of them is not known (a layer built here is stored uncompressed until a push or an export
 * compresses it: {@link dev.stevedore.store.CompressedForms#compressedSize}).
 */
public record Size(long bytes, OptionalLong compressed) {

    public static final Size ZERO = new Size(0, OptionalLong.of(0));

    public Size plus(Size other) {
        return new Size(bytes + other.bytes, compressed.isPresent() && other.compressed.isPresent()
                ? OptionalLong.of(compressed.getAsLong() + other.compressed.getAsLong()) : OptionalLong.empty());
    }
}
