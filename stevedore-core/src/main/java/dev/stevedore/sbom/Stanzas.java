package dev.stevedore.sbom;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Paragraphs of {@code Key: value} lines separated by blank lines, as dpkg's status file,
 * Python's {@code METADATA} headers and (with {@code K:value}) apk's database write them.
 * Continuation lines (starting with a space or a tab) belong to the field above and are dropped:
 * no scanner needs a multi-line field.
 */
final class Stanzas {

    private Stanzas() {}

    /** The paragraphs of {@code text}, each a map of its fields (first occurrence wins). */
    static List<Map<String, String>> parse(String text, char separator) {
        List<Map<String, String>> stanzas = new ArrayList<>();
        Map<String, String> current = new LinkedHashMap<>();
        for (String line : text.split("\r?\n", -1)) {
            if (line.isBlank()) {
                if (!current.isEmpty()) {
                    stanzas.add(current);
                    current = new LinkedHashMap<>();
                }
                continue;
            }
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                continue;
            }
            int colon = line.indexOf(separator);
            if (colon > 0) {
                current.putIfAbsent(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
            }
        }
        if (!current.isEmpty()) {
            stanzas.add(current);
        }
        return stanzas;
    }
}
