package dev.stevedore.oci;

/**
 * The pieces of the distribution/reference grammar (see {@link ImageReference}), each checked
 * by a single left-to-right scan: no regular expressions, so no backtracking, however long or
 * hostile the input.
 */
final class ReferenceGrammar {

    /** distribution's {@code RepositoryNameTotalLengthMax}: the path, without the domain. */
    static final int MAX_PATH_LENGTH = 255;
    static final int MAX_TAG_LENGTH = 128;

    private ReferenceGrammar() {}

    /** {@code host [':' port]} where host is a domain name or a bracketed IPv6 address. */
    static boolean isDomain(String s) {
        String host = s;
        String port = null;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                return false;
            }
            host = s.substring(0, close + 1);
            String rest = s.substring(close + 1);
            if (!rest.isEmpty()) {
                if (rest.charAt(0) != ':') {
                    return false;
                }
                port = rest.substring(1);
            }
            if (!isIpv6(host)) {
                return false;
            }
        } else {
            int colon = s.indexOf(':');
            if (colon >= 0) {
                host = s.substring(0, colon);
                port = s.substring(colon + 1);
            }
            if (!isDomainName(host)) {
                return false;
            }
        }
        return port == null || !port.isEmpty() && allMatch(port, 0, port.length(), ReferenceGrammar::isDigit);
    }

    /** {@code path-component ['/' path-component]*}. */
    static boolean isPath(String s) {
        int start = 0;
        while (true) {
            int slash = s.indexOf('/', start);
            int end = slash < 0 ? s.length() : slash;
            if (!isPathComponent(s, start, end)) {
                return false;
            }
            if (slash < 0) {
                return true;
            }
            start = slash + 1;
        }
    }

    /** {@code [\w][\w.-]{0,127}}. */
    static boolean isTag(String s) {
        return !s.isEmpty() && s.length() <= MAX_TAG_LENGTH && isWord(s.charAt(0))
                && allMatch(s, 1, s.length(), c -> isWord(c) || c == '.' || c == '-');
    }

    /** A 64 character lower-case hex string: an image id, never a repository name. */
    static boolean isIdentifier(String s) {
        return s.length() == 64 && allMatch(s, 0, 64, c -> isDigit(c) || c >= 'a' && c <= 'f');
    }

    /**
     * {@code [a-z0-9]+ (separator [a-z0-9]+)*} over {@code s[start, end)}, where a separator is
     * {@code .}, {@code _}, {@code __} or one or more {@code -}.
     */
    private static boolean isPathComponent(String s, int start, int end) {
        int i = start;
        while (true) {
            int alnumStart = i;
            while (i < end && isLowerAlnum(s.charAt(i))) {
                i++;
            }
            if (i == alnumStart) {
                return false;
            }
            if (i == end) {
                return true;
            }
            char c = s.charAt(i);
            if (c == '.') {
                i++;
            } else if (c == '_') {
                i += i + 1 < end && s.charAt(i + 1) == '_' ? 2 : 1;
            } else if (c == '-') {
                while (i < end && s.charAt(i) == '-') {
                    i++;
                }
            } else {
                return false;
            }
        }
    }

    /** {@code component ('.' component)*}, component = alnum, or alnum [alnum-]* alnum. */
    private static boolean isDomainName(String s) {
        int start = 0;
        while (true) {
            int dot = s.indexOf('.', start);
            int end = dot < 0 ? s.length() : dot;
            boolean ok = end > start && isAlnum(s.charAt(start)) && isAlnum(s.charAt(end - 1))
                    && allMatch(s, start, end, c -> isAlnum(c) || c == '-');
            if (!ok) {
                return false;
            }
            if (dot < 0) {
                return true;
            }
            start = dot + 1;
        }
    }

    /** {@code '[' [a-fA-F0-9:]+ ']'}, as loose as distribution's grammar. */
    private static boolean isIpv6(String s) {
        return s.length() > 2 && s.endsWith("]")
                && allMatch(s, 1, s.length() - 1, c -> isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
                        || c == ':');
    }

    private interface CharTest {
        boolean test(char c);
    }

    private static boolean allMatch(String s, int start, int end, CharTest test) {
        for (int i = start; i < end; i++) {
            if (!test.test(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLowerAlnum(char c) {
        return c >= 'a' && c <= 'z' || isDigit(c);
    }

    private static boolean isAlnum(char c) {
        return isLowerAlnum(c) || c >= 'A' && c <= 'Z';
    }

    private static boolean isWord(char c) {
        return isAlnum(c) || c == '_';
    }
}
