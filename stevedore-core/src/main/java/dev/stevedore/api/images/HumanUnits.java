package dev.stevedore.api.images;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * Sizes and ages as Docker prints them (go-units {@code HumanSizeWithPrecision} and
 * {@code HumanDuration}), so our tables read like {@code docker images}.
 */
public final class HumanUnits {

    private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"};

    private HumanUnits() {}

    /**
     * Decimal units, three significant digits: {@code 4260000} → {@code 4.26MB}.
     *
     * @param bytes a size
     * @return the size in words
     */
    public static String size(long bytes) {
        double value = bytes;
        int unit = 0;
        while (value >= 1000 && unit < UNITS.length - 1) {
            value /= 1000;
            unit++;
        }
        BigDecimal rounded = new BigDecimal(value).round(new MathContext(3)).stripTrailingZeros();
        return rounded.toPlainString() + UNITS[unit];
    }

    /**
     * {@link #size(long)}, or {@code -} for a size not known (a layer not compressed yet).
     *
     * @param bytes the size, if known
     * @return the size in Docker's units, or {@code -}
     */
    public static String size(OptionalLong bytes) {
        return bytes.isPresent() ? size(bytes.getAsLong()) : "-";
    }

    /**
     * How long ago, as {@code docker images} says it: {@code 2 minutes ago}.
     *
     * @param d the time since
     * @return the age in words
     */
    public static String ago(Duration d) {
        return duration(d) + " ago";
    }

    /**
     * go-units {@code HumanDuration}: {@code About a minute}, {@code 3 hours}.
     *
     * @param d a duration
     * @return the duration in words
     */
    public static String duration(Duration d) {
        long seconds = d.toSeconds();
        if (seconds < 1) {
            return "Less than a second";
        } else if (seconds == 1) {
            return "1 second";
        } else if (seconds < 60) {
            return seconds + " seconds";
        }
        long minutes = d.toMinutes();
        if (minutes == 1) {
            return "About a minute";
        } else if (minutes < 60) {
            return minutes + " minutes";
        }
        long hours = Math.round(d.toSeconds() / 3600.0);
        if (hours == 1) {
            return "About an hour";
        } else if (hours < 48) {
            return hours + " hours";
        } else if (hours < 24 * 7 * 2) {
            return hours / 24 + " days";
        } else if (hours < 24 * 30 * 2) {
            return hours / 24 / 7 + " weeks";
        } else if (hours < 24 * 365 * 2) {
            return hours / 24 / 30 + " months";
        }
        return d.toHours() / 24 / 365 + " years";
    }
}
