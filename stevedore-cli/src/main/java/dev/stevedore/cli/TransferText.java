package dev.stevedore.cli;

/**
 * How the plain and tty views write a transfer inside a step (a base image's blob being pulled):
 * {@code sha256:0123456789ab 1.0 MB / 3.4 MB}, or {@code ... 3.4 MB done} once complete. An item
 * that ends with a colon is one of BuildKit's own lines ({@code transferring dockerfile:}), and is
 * written as BuildKit writes it: {@code transferring dockerfile: 1.26kB done}.
 */
final class TransferText {

    private TransferText() {}

    static String of(String item, long done, long total) {
        if (item.endsWith(":")) {
            return item + " " + humanSize(done) + (done >= total ? " done" : "");
        }
        String amount = done >= total ? ProgressPrinter.mb(total) + " done"
                : ProgressPrinter.mb(done) + " / " + ProgressPrinter.mb(total);
        return shortItem(item) + " " + amount;
    }

    private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB", "PB"};

    /**
     * {@code bytes} as BuildKit's lines show sizes (go-units' {@code HumanSize}): powers of 1000,
     * four significant digits, no trailing zeros, no space: {@code 32B}, {@code 1.26kB}, {@code 18.65kB}.
     */
    static String humanSize(long bytes) {
        double size = bytes;
        int unit = 0;
        while (size >= 1000 && unit < UNITS.length - 1) {
            size /= 1000;
            unit++;
        }
        return new java.math.BigDecimal(size).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString()
                + UNITS[unit];
    }

    /** A digest's first 12 hex digits, as docker shows layer ids; anything else as it is. */
    static String shortItem(String item) {
        int colon = item.indexOf(':');
        return colon > 0 && item.length() > colon + 13 && item.startsWith("sha") ? item.substring(0, colon + 13) : item;
    }
}
