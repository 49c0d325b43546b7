package dev.stevedore.linux;

/**
 * A device number split as glibc's {@code major()}/{@code minor()} do: the 64-bit
 * {@code dev_t} keeps 12+20 bits of major and 8+24 bits of minor in interleaved fields.
 */
public record Device(long major, long minor) {

    public Device {
        if (major < 0 || major > 0xffff_ffffL || minor < 0 || minor > 0xffff_ffffL) {
            throw new IllegalArgumentException("device number out of range: " + major + ":" + minor);
        }
    }

    /** Splits a {@code dev_t}, e.g. the {@code unix:rdev} attribute of a device node. */
    public static Device of(long rdev) {
        long major = ((rdev >>> 32) & 0xffff_f000L) | ((rdev >>> 8) & 0xfffL);
        long minor = ((rdev >>> 12) & 0xffff_ff00L) | (rdev & 0xffL);
        return new Device(major, minor);
    }

    /** The {@code dev_t} of glibc's {@code makedev(major, minor)}. */
    public long rdev() {
        return ((major & 0xffff_f000L) << 32) | ((major & 0xfffL) << 8)
                | ((minor & 0xffff_ff00L) << 12) | (minor & 0xffL);
    }
}
