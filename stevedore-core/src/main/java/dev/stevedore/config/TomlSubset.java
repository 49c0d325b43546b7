package dev.stevedore.config;

import dev.stevedore.diag.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of TOML that {@code containers-registries.conf(5)} files and Stevedore's own
 * {@code config.toml} use, read into maps: comments,
 * {@code [table]} and {@code [[array.of.tables]]} headers with dotted bare keys, {@code key = value}
 * with bare or quoted keys, and values that are strings (basic with escapes, or literal), booleans,
 * integers, or arrays of those (over several lines, trailing comma allowed). Anything else is an
 * error naming the file and line, never a guess. A table is a {@code Map<String, Object>}; an array
 * of tables a {@code List<Map<String, Object>>}. The one TOML reader of the project.
 */
public final class TomlSubset {

    /**
     * A document and where its keys are.
     *
     * @param root  the document's top table
     * @param lines the line of each key and table header, by its dotted path ({@code server.enabled})
     */
    public record Document(Map<String, Object> root, Map<String, Integer> lines) {
        public Document {
            lines = Map.copyOf(lines);
        }

        /** The line where {@code path} (a key or a table) is written, 0 when it is not. */
        public int line(String path) {
            return lines.getOrDefault(path, 0);
        }
    }

    private final String file;
    private final String text;
    private int pos;
    private int line = 1;
    private final Map<String, Integer> lines = new LinkedHashMap<>();
    /** The dotted path of the table that key/value lines go into ("" at the top). */
    private String table = "";

    private TomlSubset(String file, String text) {
        this.file = file;
        this.text = text;
    }

    /**
     * The document {@code text} (read from {@code file}, named in errors).
     *
     * @throws InvalidInputException {@code FILE:LINE: ...} for what this subset does not read
     */
    public static Map<String, Object> parse(String file, String text) {
        return read(file, text).root();
    }

    /**
     * The document {@code text} (read from {@code file}, named in errors), with its keys' lines.
     *
     * @throws InvalidInputException {@code FILE:LINE: ...} for what this subset does not read
     */
    public static Document read(String file, String text) {
        TomlSubset reader = new TomlSubset(file, text);
        return new Document(reader.document(), reader.lines);
    }

    private Map<String, Object> document() {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> current = root;
        while (true) {
            skipBlankLinesAndComments();
            if (pos >= text.length()) {
                return root;
            }
            if (peek() == '[') {
                current = header(root);
            } else {
                String key = key();
                lines.putIfAbsent(table.isEmpty() ? key : table + "." + key, line);
                skipSpaces();
                expect('=');
                skipSpaces();
                Object value = value();
                if (current.putIfAbsent(key, value) != null) {
                    throw error("key \"" + key + "\" is defined twice");
                }
            }
            endOfLine();
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> header(Map<String, Object> root) {
        boolean array = text.startsWith("[[", pos);
        pos += array ? 2 : 1;
        skipSpaces();
        List<String> path = new ArrayList<>();
        path.add(key());
        skipSpaces();
        while (peek() == '.') {
            pos++;
            skipSpaces();
            path.add(key());
            skipSpaces();
        }
        expect(']');
        if (array) {
            expect(']');
        }
        this.table = String.join(".", path);
        lines.putIfAbsent(this.table, line);
        Map<String, Object> table = root;
        for (int i = 0; i < path.size(); i++) {
            String name = path.get(i);
            boolean last = i == path.size() - 1;
            Object existing = table.get(name);
            if (last && array) {
                if (existing == null) {
                    existing = new ArrayList<Map<String, Object>>();
                    table.put(name, existing);
                }
                if (!(existing instanceof List<?> list)) {
                    throw error("[[" + String.join(".", path) + "]] names a key that is not an array of tables");
                }
                Map<String, Object> element = new LinkedHashMap<>();
                ((List<Object>) list).add(element);
                return element;
            }
            if (existing == null) {
                existing = new LinkedHashMap<String, Object>();
                table.put(name, existing);
            }
            table = switch (existing) {
                case Map<?, ?> map -> (Map<String, Object>) map;
                case List<?> list when !list.isEmpty() && list.getLast() instanceof Map<?, ?> map ->
                        (Map<String, Object>) map;
                default -> throw error("[" + String.join(".", path) + "] names a key that is not a table");
            };
        }
        return table;
    }

    private String key() {
        char c = peek();
        if (c == '"') {
            return basicString();
        }
        if (c == '\'') {
            return literalString();
        }
        int start = pos;
        while (pos < text.length() && isBareKeyChar(text.charAt(pos))) {
            pos++;
        }
        if (start == pos) {
            throw error("expected a key, found " + describe());
        }
        return text.substring(start, pos);
    }

    private Object value() {
        char c = peek();
        return switch (c) {
            case '"' -> {
                if (text.startsWith("\"\"\"", pos)) {
                    throw error("multi-line strings are not supported");
                }
                yield basicString();
            }
            case '\'' -> {
                if (text.startsWith("'''", pos)) {
                    throw error("multi-line strings are not supported");
                }
                yield literalString();
            }
            case '[' -> array();
            default -> scalar();
        };
    }

    private List<Object> array() {
        pos++;
        List<Object> values = new ArrayList<>();
        while (true) {
            skipBlankLinesAndComments();
            if (peek() == ']') {
                pos++;
                return values;
            }
            values.add(value());
            skipBlankLinesAndComments();
            if (peek() == ',') {
                pos++;
            } else if (peek() != ']') {
                throw error("expected , or ] in an array, found " + describe());
            }
        }
    }

    private Object scalar() {
        int start = pos;
        while (pos < text.length() && !Character.isWhitespace(text.charAt(pos)) && text.charAt(pos) != ','
                && text.charAt(pos) != ']' && text.charAt(pos) != '#') {
            pos++;
        }
        String word = text.substring(start, pos);
        if (word.equals("true") || word.equals("false")) {
            return Boolean.valueOf(word);
        }
        if (word.matches("[+-]?(0|[1-9](_?[0-9])*)")) {
            return Long.parseLong(word.replace("_", ""));
        }
        pos = start;
        throw error("unsupported value " + (word.isEmpty() ? describe() : "\"" + word + "\"")
                + " (this reader takes strings, booleans, integers and arrays)");
    }

    private String basicString() {
        pos++;
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos >= text.length() || peek() == '\n') {
                throw error("unterminated string");
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (pos >= text.length()) {
                throw error("unterminated string");
            }
            char e = text.charAt(pos++);
            switch (e) {
                case '"', '\\' -> out.append(e);
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u', 'U' -> out.appendCodePoint(unicode(e == 'u' ? 4 : 8));
                default -> throw error("invalid escape \\" + e + " in a string");
            }
        }
    }

    private int unicode(int digits) {
        if (pos + digits > text.length()) {
            throw error("truncated \\u escape");
        }
        String hex = text.substring(pos, pos + digits);
        pos += digits;
        try {
            int cp = Integer.parseInt(hex, 16);
            if (!Character.isValidCodePoint(cp)) {
                throw error("invalid \\u escape " + hex);
            }
            return cp;
        } catch (NumberFormatException e) {
            throw error("invalid \\u escape " + hex);
        }
    }

    private String literalString() {
        int start = ++pos;
        while (pos < text.length() && peek() != '\'' && peek() != '\n') {
            pos++;
        }
        if (pos >= text.length() || peek() != '\'') {
            throw error("unterminated string");
        }
        return text.substring(start, pos++);
    }

    private void skipSpaces() {
        while (pos < text.length() && (peek() == ' ' || peek() == '\t')) {
            pos++;
        }
    }

    /** Spaces, comments and line breaks (counting lines), as between statements and array values. */
    private void skipBlankLinesAndComments() {
        while (pos < text.length()) {
            char c = peek();
            if (c == ' ' || c == '\t' || c == '\r') {
                pos++;
            } else if (c == '\n') {
                pos++;
                line++;
            } else if (c == '#') {
                while (pos < text.length() && peek() != '\n') {
                    pos++;
                }
            } else {
                return;
            }
        }
    }

    /** After a statement: only spaces and a comment until the line ends. */
    private void endOfLine() {
        skipSpaces();
        if (pos < text.length() && peek() == '#') {
            while (pos < text.length() && peek() != '\n') {
                pos++;
            }
        }
        if (pos < text.length() && peek() == '\r') {
            pos++;
        }
        if (pos < text.length() && peek() != '\n') {
            throw error("expected the end of the line, found " + describe());
        }
    }

    private void expect(char c) {
        if (pos >= text.length() || peek() != c) {
            throw error("expected " + c + ", found " + describe());
        }
        pos++;
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private String describe() {
        if (pos >= text.length()) {
            return "the end of the file";
        }
        int end = text.indexOf('\n', pos);
        String rest = text.substring(pos, end < 0 ? text.length() : end).strip();
        if (rest.isEmpty()) {
            return "the end of the line";
        }
        return "\"" + (rest.length() > 40 ? rest.substring(0, 40) + "…" : rest) + "\"";
    }

    private static boolean isBareKeyChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }

    private InvalidInputException error(String message) {
        return new InvalidInputException(file + ":" + line + ": " + message);
    }
}
