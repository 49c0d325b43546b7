package dev.stevedore.exec.mounts;

import dev.stevedore.diag.InvalidInputException;
import java.util.ArrayList;
import java.util.List;

/** Splits a flag value into CSV fields as Go's {@code encoding/csv} reads one record. */
final class Fields {

    private Fields() {}

    static List<String> split(String value, String flagName) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < value.length() && value.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.isEmpty()) {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new InvalidInputException(flagName + " " + value + ": unterminated quote");
        }
        fields.add(field.toString());
        return fields;
    }
}
