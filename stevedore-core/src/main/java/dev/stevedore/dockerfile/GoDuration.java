package dev.stevedore.dockerfile;

import dev.stevedore.diag.InvalidInputException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

/**
 * Go's {@code time.ParseDuration} syntax, which Docker uses for HEALTHCHECK options: an
 * optional sign, then one or more decimal numbers each with a unit ({@code ns}, {@code us},
 * {@code µs}, {@code ms}, {@code s}, {@code m}, {@code h}), e.g. {@code 30s}, {@code 1m30s},
 * {@code 1.5h}; a bare {@code 0} is zero.
 */
final class GoDuration {

    private static final Map<String, Long> NANOS_PER_UNIT = Map.of(
            "ns", 1L, "us", 1_000L, "µs", 1_000L, "μs", 1_000L, "ms", 1_000_000L,
            "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

    private GoDuration() {}

    /** The duration {@code text} means, or an error naming {@code what} (e.g. {@code --interval}). */
    static Duration parse(String what, String text) {
        String s = text;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        if (s.isEmpty()) {
            throw invalid(what, text);
        }
        BigDecimal nanos = BigDecimal.ZERO;
        int i = 0;
        while (i < s.length()) {
            int numberStart = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            String number = s.substring(numberStart, i);
            int unitStart = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            Long unit = NANOS_PER_UNIT.get(s.substring(unitStart, i));
            if (unit == null || number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')) {
                throw invalid(what, text);
            }
            nanos = nanos.add(new BigDecimal(number).multiply(BigDecimal.valueOf(unit)));
        }
        if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new InvalidInputException(what + "=" + text + ": duration out of range");
        }
        long n = nanos.longValue();
        return Duration.ofNanos(negative ? -n : n);
    }

    private static InvalidInputException invalid(String what, String text) {
        return new InvalidInputException(
                what + "=" + text + ": invalid duration (use a number and a unit, e.g. 30s, 1m30s, 500ms)");
    }
}
