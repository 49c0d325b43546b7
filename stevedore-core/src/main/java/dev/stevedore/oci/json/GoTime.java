package dev.stevedore.oci.json;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Times as Go's {@code time.Time} writes them in JSON: RFC 3339 with up to nine fractional
 * digits, trailing zeros dropped ({@code 2024-05-01T10:00:00.5Z}). We always write UTC.
 */
final class GoTime {

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private GoTime() {}

    static String format(Instant t) {
        StringBuilder b = new StringBuilder(SECONDS.format(t));
        if (t.getNano() != 0) {
            String nanos = String.format("%09d", t.getNano());
            int end = nanos.length();
            while (nanos.charAt(end - 1) == '0') {
                end--;
            }
            b.append('.').append(nanos, 0, end);
        }
        return b.append('Z').toString();
    }

    static Optional<Instant> read(JsonField field) {
        if (field.isAbsent()) {
            return Optional.empty();
        }
        String text = field.string();
        try {
            return Optional.of(OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            throw field.error("must be an RFC 3339 time such as 2024-05-01T10:00:00Z, got \"" + text + "\"", e);
        }
    }
}
