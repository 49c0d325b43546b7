package dev.stevedore.dockerfile;

import java.math.BigDecimal;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Docker's sizes in bytes ({@code go-units RAMInBytes}): a number with an optional binary unit,
 * {@code 64m}, {@code 1.5g}, {@code 512kb}, {@code 1GiB}; read by {@code RUN --mount=type=tmpfs,size=}
 * and {@code --shm-size}.
 */
public final class ByteSize {

    private static final Pattern SIZE = Pattern.compile("^(\\d+(?:\\.\\d+)?) ?([kKmMgGtTpP])?[iI]?[bB]?$");

    private ByteSize() {}

    /** The size in bytes; empty when {@code text} is not a size or does not fit a long. */
    public static OptionalLong parse(String text) {
        Matcher m = SIZE.matcher(text);
        if (!m.matches()) {
            return OptionalLong.empty();
        }
        int power = m.group(2) == null ? 0 : "kmgtp".indexOf(Character.toLowerCase(m.group(2).charAt(0))) + 1;
        BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(1024).pow(power));
        if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(bytes.longValue());
    }
}
