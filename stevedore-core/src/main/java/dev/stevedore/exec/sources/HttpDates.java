package dev.stevedore.exec.sources;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * HTTP dates as Go's {@code http.ParseTime} reads them: RFC 1123 (the one servers send),
 * RFC 850 and ANSI C {@code asctime}, all in GMT.
 */
final class HttpDates {

    private static final List<DateTimeFormatter> FORMATS = List.of(
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US),
            new DateTimeFormatterBuilder().appendPattern("EEEE, dd-MMM-")
                    .appendValueReduced(ChronoField.YEAR, 2, 2, 1969) // Go: 69..99 → 19xx, 00..68 → 20xx
                    .appendPattern(" HH:mm:ss 'GMT'").toFormatter(Locale.US),
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US));

    private HttpDates() {}

    /** The instant {@code text} names, or empty when it is in none of the three formats. */
    static Optional<Instant> parse(String text) {
        for (DateTimeFormatter format : FORMATS) {
            try {
                return Optional.of(format.withZone(ZoneOffset.UTC).parse(text.trim(), Instant::from));
            } catch (DateTimeParseException e) {
                // try the next format
            }
        }
        return Optional.empty();
    }
}
