package dev.stevedore.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One challenge of a {@code WWW-Authenticate} header (RFC 7235):
 * {@code Bearer realm="https://auth.docker.io/token",service="registry.docker.io"}.
 *
 * @param scheme     lower case: {@code bearer} or {@code basic} (others are kept but unused)
 * @param parameters the auth-params, names lower case, values unquoted
 */
public record Challenge(String scheme, Map<String, String> parameters) {

    public Challenge {
        parameters = Map.copyOf(parameters);
    }

    public Optional<String> parameter(String name) {
        return Optional.ofNullable(parameters.get(name));
    }

    /**
     * The challenges of one header value; a malformed value gives what could be read before the
     * fault (never an exception: the header comes from a server we do not control).
     */
    public static List<Challenge> parse(String header) {
        List<Challenge> out = new ArrayList<>();
        if (header == null) {
            return out;
        }
        Scanner s = new Scanner(header);
        while (true) {
            s.skipSeparators();
            String scheme = s.token();
            if (scheme.isEmpty()) {
                return out;
            }
            Map<String, String> params = new LinkedHashMap<>();
            while (true) {
                s.skipSpaces();
                int mark = s.pos;
                String name = s.token();
                s.skipSpaces();
                if (name.isEmpty() || !s.eat('=')) {
                    s.pos = mark;  // the next challenge's scheme
                    break;
                }
                s.skipSpaces();
                params.put(name.toLowerCase(Locale.ROOT), s.peek() == '"' ? s.quoted() : s.token());
                s.skipSpaces();
                if (!s.eat(',')) {
                    break;
                }
            }
            out.add(new Challenge(scheme.toLowerCase(Locale.ROOT), params));
        }
    }

    private static final class Scanner {
        private final String text;
        private int pos;

        Scanner(String text) {
            this.text = text;
        }

        char peek() {
            return pos < text.length() ? text.charAt(pos) : 0;
        }

        boolean eat(char c) {
            if (peek() == c) {
                pos++;
                return true;
            }
            return false;
        }

        void skipSpaces() {
            while (peek() == ' ' || peek() == '\t') {
                pos++;
            }
        }

        void skipSeparators() {
            while (peek() == ' ' || peek() == '\t' || peek() == ',') {
                pos++;
            }
        }

        String token() {
            int start = pos;
            while (pos < text.length() && "\t ,=\"".indexOf(text.charAt(pos)) < 0) {
                pos++;
            }
            return text.substring(start, pos);
        }

        String quoted() {
            StringBuilder b = new StringBuilder();
            pos++;
            while (pos < text.length() && text.charAt(pos) != '"') {
                char c = text.charAt(pos++);
                if (c == '\\' && pos < text.length()) {
                    c = text.charAt(pos++);
                }
                b.append(c);
            }
            if (pos < text.length()) {
                pos++;  // the closing quote
            }
            return b.toString();
        }
    }
}
