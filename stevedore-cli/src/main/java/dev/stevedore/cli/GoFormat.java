package dev.stevedore.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stevedore.diag.InvalidInputException;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --format} as Docker users write it, a documented subset of Go templates: {@code json}
 * (each object as one line of JSON), {@code table} (a header, then Docker's aligned columns), and
 * text with actions {@code {{.Field.Path}}}, {@code {{.}}} and {@code {{json .Field}}}, with
 * {@code \t} and {@code \n} read as tab and newline, as Docker reads them. Values print as Go
 * prints them ({@code [a b]}, {@code map[k:v]}); any other action is refused in one sentence.
 */
final class GoFormat {

    private static final Pattern ACTION = Pattern.compile("\\{\\{\\s*(.*?)\\s*}}");
    private static final Pattern PATH = Pattern.compile("\\.|(\\.[A-Za-z_][A-Za-z0-9_]*)+");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss '+0000 UTC'");

    /** One piece of a template: text as it is, or the value at a field path (as JSON or as Go prints it). */
    private sealed interface Piece {
        record Text(String text) implements Piece {}

        record Field(List<String> path, boolean json) implements Piece {}
    }

    private final boolean json;
    private final boolean table;
    private final List<Piece> pieces;

    private GoFormat(boolean json, boolean table, List<Piece> pieces) {
        this.json = json;
        this.table = table;
        this.pieces = pieces;
    }

    /** Reads {@code format}; a sentence for what the subset does not have. */
    static GoFormat parse(String format) {
        String text = format.strip();
        if (text.equals("json")) {
            return new GoFormat(true, false, List.of());
        }
        boolean table = text.startsWith("table");
        if (table) {
            text = text.substring("table".length()).strip();
            if (text.isEmpty()) {
                throw new InvalidInputException("--format table needs the columns, e.g. \"table {{.Repository}}\\t{{.Tag}}\"");
            }
        }
        text = text.replace("\\t", "\t").replace("\\n", "\n");
        List<Piece> pieces = new ArrayList<>();
        Matcher m = ACTION.matcher(text);
        int at = 0;
        while (m.find()) {
            if (m.start() > at) {
                pieces.add(new Piece.Text(text.substring(at, m.start())));
            }
            pieces.add(field(m.group(1), format));
            at = m.end();
        }
        if (at < text.length()) {
            pieces.add(new Piece.Text(text.substring(at)));
        }
        return new GoFormat(false, table, pieces);
    }

    private static Piece field(String action, String format) {
        boolean json = action.startsWith("json ");
        String path = json ? action.substring("json ".length()).strip() : action;
        if (!PATH.matcher(path).matches()) {
            throw new InvalidInputException("--format " + format + ": {{" + action + "}} is not supported; Stevedore"
                    + " reads {{.Field.Path}}, {{.}}, {{json .Field}}, json and table (a subset of Go templates)");
        }
        List<String> names = path.equals(".") ? List.of() : List.of(path.substring(1).split("\\."));
        return new Piece.Field(names, json);
    }

    /**
     * Prints each of {@code objects} through this format; {@code headers} names a table's columns
     * by field (a field it does not name is headed by its name in capitals).
     */
    void print(List<JsonNode> objects, Map<String, String> headers, PrintStream out) {
        if (json) {
            objects.forEach(o -> out.println(write(o)));
        } else if (table) {
            String[] header = cells(pieces.stream().map(p -> switch (p) {
                case Piece.Text text -> text.text();
                case Piece.Field f -> f.path().isEmpty() ? "" : headers.getOrDefault(f.path().getLast(),
                        f.path().getLast().toUpperCase(Locale.ROOT));
            }).reduce("", String::concat));
            Table t = new Table(header);
            for (JsonNode o : objects) {
                // a value holding a tab makes more cells than the header: they join the last column
                String[] row = cells(render(o));
                String[] shaped = Arrays.copyOf(row, header.length);
                if (row.length > header.length) {
                    shaped[header.length - 1] = String.join(" ", Arrays.copyOfRange(row, header.length - 1, row.length));
                }
                t.row(Arrays.stream(shaped).map(c -> c == null ? "" : c).toArray(String[]::new));
            }
            t.print(out);
        } else {
            objects.forEach(o -> out.println(render(o)));
        }
        out.flush();
    }

    private static String[] cells(String line) {
        return line.split("\t", -1);
    }

    private String render(JsonNode object) {
        StringBuilder line = new StringBuilder();
        for (Piece p : pieces) {
            switch (p) {
                case Piece.Text text -> line.append(text.text());
                case Piece.Field f -> {
                    JsonNode value = object;
                    for (String name : f.path()) {
                        value = value == null ? null : value.get(name);
                    }
                    line.append(f.json() ? (value == null ? "null" : write(value)) : goText(value));
                }
            }
        }
        return line.toString();
    }

    /** A time as Go prints a {@code time.Time} in UTC, as Docker's {@code CreatedAt} shows it. */
    static String time(Instant instant) {
        return TIME.format(instant.atOffset(ZoneOffset.UTC));
    }

    /** A value as Go's text/template prints it. */
    static String goText(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "<no value>";
        }
        if (value.isNull()) {
            return "<nil>";
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(v -> items.add(goText(v)));
            return "[" + String.join(" ", items) + "]";
        }
        if (value.isObject()) {
            Map<String, String> sorted = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                sorted.put(e.getKey(), goText(e.getValue()));
            }
            List<String> items = new ArrayList<>();
            sorted.forEach((k, v) -> items.add(k + ":" + v));
            return "map[" + String.join(" ", items) + "]";
        }
        return value.asText();
    }

    private static String write(JsonNode value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always writes", e);
        }
    }
}
