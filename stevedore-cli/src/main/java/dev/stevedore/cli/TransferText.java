package dev.stevedore.cli;

/**
 * How the plain and tty views write a transfer inside a step (a base image's blob being pulled):
 * {@code sha256:0123456789ab 1.0 MB / 3.4 MB}, or {@code ... 3.4 MB done} once complete.
 */
final class TransferText {

    private TransferText() {}

    static String of(String item, long done, long total) {
        String amount = done >= total ? ProgressPrinter.mb(total) + " done"
                : ProgressPrinter.mb(done) + " / " + ProgressPrinter.mb(total);
        return shortItem(item) + " " + amount;
    }

    /** A digest's first 12 hex digits, as docker shows layer ids; anything else as it is. */
    static String shortItem(String item) {
        int colon = item.indexOf(':');
        return colon > 0 && item.length() > colon + 13 && item.startsWith("sha") ? item.substring(0, colon + 13) : item;
    }
}
