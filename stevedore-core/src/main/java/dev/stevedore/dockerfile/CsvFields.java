package dev.stevedore.dockerfile;

import dev.stevedore.diag.InvalidInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits one line of comma-separated values as Go's {@code encoding/csv} does (BuildKit reads
 * {@code --mount} options that way): a field in double quotes may hold commas, {@code ""} is a
 * quote inside it, and a quote anywhere else is an error.
 */
final class CsvFields {

    private CsvFields() {}

    static List<String> split(String line) {
        List<String> fields = new ArrayList<>();
        int i = 0;
        while (true) {
            StringBuilder field = new StringBuilder();
            if (i < line.length() && line.charAt(i) == '"') {
                i = quoted(line, i + 1, field);
            } else {
                while (i < line.length() && line.charAt(i) != ',') {
                    if (line.charAt(i) == '"') {
                        throw new InvalidInputException("bare \" in non-quoted field at column " + (i + 1));
                    }
                    field.append(line.charAt(i++));
                }
            }
            fields.add(field.toString());
            if (i >= line.length()) {
                return fields;
            }
            i++; // the comma
        }
    }

    /** Reads a quoted field's body from {@code i} (after the opening quote); returns the index after it. */
    private static int quoted(String line, int i, StringBuilder field) {
        while (i < line.length()) {
            char c = line.charAt(i++);
            if (c != '"') {
                field.append(c);
            } else if (i < line.length() && line.charAt(i) == '"') {
                field.append('"');
                i++;
            } else if (i == line.length() || line.charAt(i) == ',') {
                return i;
            } else {
                throw new InvalidInputException("extraneous or missing \" in quoted field at column " + (i + 1));
            }
        }
        throw new InvalidInputException("extraneous or missing \" in quoted field at column " + (i + 1));
    }
}
