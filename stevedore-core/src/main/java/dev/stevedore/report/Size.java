package dev.stevedore.report;

/**
 * Bytes of layers: {@code bytes} is the sum of the regular files' sizes in the layer tars (see the
 * package doc), {@code compressed} the sum of the layer blobs' sizes.
 */
public record Size(long bytes, long compressed) {

    public static final Size ZERO = new Size(0, 0);

    public Size plus(Size other) {
        return new Size(bytes + other.bytes, compressed + other.compressed);
    }
}
