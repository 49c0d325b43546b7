package dev.stevedore.context;

/**
 * Go's {@code path/filepath} {@code Clean} and {@code Dir} on Unix, which Docker applies to
 * {@code .dockerignore} patterns and paths: the same text must clean to the same pattern here.
 */
final class GoPath {

    private GoPath() {}

    /**
     * The shortest equivalent path: repeated slashes made one, {@code .} elements removed,
     * {@code ..} elements removed with the element before them ({@code ..} at the root stays the
     * root), no trailing slash; {@code "."} when nothing is left.
     */
    static String clean(String path) {
        if (path.isEmpty()) {
            return ".";
        }
        boolean rooted = path.charAt(0) == '/';
        int n = path.length();
        StringBuilder out = new StringBuilder();
        int r = 0;
        int dotdot = 0;
        if (rooted) {
            out.append('/');
            r = 1;
            dotdot = 1;
        }
        while (r < n) {
            if (path.charAt(r) == '/') {
                r++;
            } else if (path.charAt(r) == '.' && (r + 1 == n || path.charAt(r + 1) == '/')) {
                r++;
            } else if (path.charAt(r) == '.' && path.charAt(r + 1) == '.' && (r + 2 == n || path.charAt(r + 2) == '/')) {
                r += 2;
                if (out.length() > dotdot) {
                    int w = out.length() - 1;
                    while (w > dotdot && out.charAt(w) != '/') {
                        w--;
                    }
                    out.setLength(w);
                } else if (!rooted) {
                    if (!out.isEmpty()) {
                        out.append('/');
                    }
                    out.append("..");
                    dotdot = out.length();
                }
            } else {
                if ((rooted && out.length() != 1) || (!rooted && !out.isEmpty())) {
                    out.append('/');
                }
                while (r < n && path.charAt(r) != '/') {
                    out.append(path.charAt(r++));
                }
            }
        }
        return out.isEmpty() ? "." : out.toString();
    }

    /** All but the last element, cleaned: {@code Dir("a/b/c") = "a/b"}, {@code Dir("a") = "."}. */
    static String dir(String path) {
        int i = path.lastIndexOf('/');
        return clean(path.substring(0, i + 1));
    }
}
