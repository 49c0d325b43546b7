package dev.stevedore.oci.json;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Writes JSON byte for byte as Go's {@code encoding/json} {@code Marshal} does, which is what
 * Docker, containerd and BuildKit write manifests and configs with: no whitespace, map keys
 * sorted by code point, {@code <}, {@code >}, {@code &}, U+2028 and U+2029 escaped as
 * {@code &#92;u003c}..., other control characters as {@code \n}, {@code \t}... or {@code &#92;u00XX},
 * lone surrogates replaced by U+FFFD, and no final newline. The callers decide the field order
 * and which empty fields to omit.
 */
final class GoJsonWriter implements AutoCloseable {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .build()
            .setCharacterEscapes(new GoEscapes());

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final JsonGenerator gen;

    GoJsonWriter() {
        try {
            gen = FACTORY.createGenerator(out, JsonEncoding.UTF8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bytes written so far, after flushing. */
    byte[] toBytes() {
        io(gen::flush);
        return out.toByteArray();
    }

    GoJsonWriter startObject() {
        return io(gen::writeStartObject);
    }

    GoJsonWriter endObject() {
        return io(gen::writeEndObject);
    }

    GoJsonWriter startArray() {
        return io(gen::writeStartArray);
    }

    GoJsonWriter endArray() {
        return io(gen::writeEndArray);
    }

    GoJsonWriter name(String name) {
        return io(() -> gen.writeFieldName(sanitize(name)));
    }

    GoJsonWriter value(String value) {
        return io(() -> gen.writeString(sanitize(value)));
    }

    GoJsonWriter value(long value) {
        return io(() -> gen.writeNumber(value));
    }

    GoJsonWriter value(boolean value) {
        return io(() -> gen.writeBoolean(value));
    }

    GoJsonWriter field(String name, String value) {
        return name(name).value(value);
    }

    GoJsonWriter field(String name, long value) {
        return name(name).value(value);
    }

    /** {@code name: value} unless {@code value} is empty (Go's {@code omitempty}). */
    GoJsonWriter fieldIfNotEmpty(String name, String value) {
        return value.isEmpty() ? this : field(name, value);
    }

    /** {@code name: value} unless zero (Go's {@code omitempty}). */
    GoJsonWriter fieldIfNotZero(String name, long value) {
        return value == 0 ? this : field(name, value);
    }

    GoJsonWriter stringArray(Collection<String> values) {
        startArray();
        values.forEach(this::value);
        return endArray();
    }

    /** {@code name: [..]} unless empty. */
    GoJsonWriter stringArrayIfNotEmpty(String name, List<String> values) {
        return values.isEmpty() ? this : name(name).stringArray(values);
    }

    /** A {@code map[string]string}: keys sorted as Go sorts them. */
    GoJsonWriter stringMap(Map<String, String> map) {
        startObject();
        map.keySet().stream().sorted(GoJsonWriter::compareCodePoints).forEach(k -> field(k, map.get(k)));
        return endObject();
    }

    GoJsonWriter stringMapIfNotEmpty(String name, Map<String, String> map) {
        return map.isEmpty() ? this : name(name).stringMap(map);
    }

    /** A {@code map[string]struct{}}, Docker's set: {@code {"80/tcp":{}}}. */
    GoJsonWriter setIfNotEmpty(String name, Collection<String> keys) {
        if (keys.isEmpty()) {
            return this;
        }
        name(name).startObject();
        keys.stream().sorted(GoJsonWriter::compareCodePoints).forEach(k -> name(k).startObject().endObject());
        return endObject();
    }

    @Override
    public void close() {
        io(gen::close);
    }

    /** Go sorts map keys by their UTF-8 bytes, which is code point order (not UTF-16 order). */
    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    /** Go writes invalid UTF-8 as U+FFFD; in a Java string that is a lone surrogate. */
    private static String sanitize(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1));
            if (paired) {
                if (b != null) {
                    b.append(c).append(s.charAt(i + 1));
                }
                i++;
                continue;
            }
            if (Character.isSurrogate(c)) {
                if (b == null) {
                    b = new StringBuilder(s.substring(0, i));
                }
                b.append('\uFFFD');
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? s : b.toString();
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private GoJsonWriter io(IoAction action) {
        try {
            action.run();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Go's {@code encoding/json} escaping with {@code SetEscapeHTML(true)}, its default. */
    private static final class GoEscapes extends CharacterEscapes {

        private final int[] ascii = standardAsciiEscapesForJSON();

        GoEscapes() {
            // Go writes backslash-u-00XX with lower-case hex where Jackson's standard escape is upper case.
            for (int c = 0; c < 0x20; c++) {
                if (ascii[c] == ESCAPE_STANDARD) {
                    ascii[c] = ESCAPE_CUSTOM;
                }
            }
            ascii['<'] = ESCAPE_CUSTOM;
            ascii['>'] = ESCAPE_CUSTOM;
            ascii['&'] = ESCAPE_CUSTOM;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            boolean escaped = ch < 0x20 || ch == '<' || ch == '>' || ch == '&' || ch == 0x2028 || ch == 0x2029;
            return escaped ? new SerializedString(String.format("\\u%04x", ch)) : null;
        }
    }
}
