package dev.stevedore.plan;

import java.util.ArrayDeque;

/** Paths inside an image as instructions name them: relative ones are taken from the working directory. */
public final class ImagePaths {

    private ImagePaths() {}

    /** {@code path} taken from {@code workdir} (empty means {@code /}) when relative, cleaned. */
    public static String resolve(String workdir, String path) {
        String base = workdir.isEmpty() ? "/" : workdir;
        return clean(path.startsWith("/") ? path : base + "/" + path);
    }

    /** Go's {@code path.Clean} of an absolute path. */
    public static String clean(String path) {
        ArrayDeque<String> parts = new ArrayDeque<>();
        for (String p : path.split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(p);
            }
        }
        return "/" + String.join("/", parts);
    }

    /** Whether one of the two (clean, absolute) paths is the other or lies under it. */
    public static boolean overlap(String a, String b) {
        return a.equals(b) || under(a, b) || under(b, a);
    }

    private static boolean under(String path, String dir) {
        return dir.equals("/") || path.startsWith(dir + "/");
    }
}
