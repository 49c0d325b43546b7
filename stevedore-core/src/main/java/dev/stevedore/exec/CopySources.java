package dev.stevedore.exec;

import dev.stevedore.context.IgnorePatterns;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The files one COPY reads from one root (the build context, or a stage's or image's root
 * filesystem): selection of each source (wildcards as Go's {@code filepath.Match}, per path
 * component), the ignore rules, and the content digest of exactly what is read (path, type,
 * mode, owner when kept, content; never the modification time).
 *
 * <p>SEAM: {@code context.SourceSelector} and {@code context.ContentHasher} (with its stat cache)
 * replace the selection and hashing here once they land.
 */
final class CopySources {

    /** One matched source: its path relative to the root and where it is on the host. */
    record Match(String path, Path host) {}

    private final Path root;
    private final IgnorePatterns ignore;
    private final boolean keepOwner;

    CopySources(Path root, IgnorePatterns ignore, boolean keepOwner) {
        this.root = root;
        this.ignore = ignore;
        this.keepOwner = keepOwner;
    }

    /** Whether a host path under the root is left out (ignored or excluded). */
    boolean skipped(Path host) {
        String rel = root.relativize(host).toString();
        return !rel.isEmpty() && ignore.matches(rel);
    }

    /** The matches of one source path; empty when a wildcard matches nothing or the path does not exist. */
    List<Match> select(String source) throws IOException {
        String clean = WorkdirStep.clean("/" + source).substring(1);
        List<Match> out = new ArrayList<>();
        if (!hasWildcard(clean)) {
            Path host = RootedPaths.resolve(root, clean);
            if (Files.exists(host, LinkOption.NOFOLLOW_LINKS) && (clean.isEmpty() || !skipped(host))) {
                out.add(new Match(clean, host));
            }
            return out;
        }
        walk(root, "", List.of(clean.split("/")), 0, out);
        return out;
    }

    private void walk(Path dir, String prefix, List<String> parts, int i, List<Match> out) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        Pattern pattern = glob(parts.get(i));
        try (var children = Files.list(dir)) {
            for (Path child : children.sorted().toList()) {
                String name = child.getFileName().toString();
                if (!pattern.matcher(name).matches() || skipped(child)) {
                    continue;
                }
                String rel = prefix + name;
                if (i == parts.size() - 1) {
                    out.add(new Match(rel, child));
                } else {
                    walk(child, rel + "/", parts, i + 1, out);
                }
            }
        }
    }

    /** Adds the digest of everything {@code match} copies to {@code md}. */
    void digest(Match match, MessageDigest md) throws IOException {
        add(match.host(), match.path(), md);
    }

    private void add(Path host, String name, MessageDigest md) throws IOException {
        int mode = (int) Files.getAttribute(host, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        String owner = keepOwner ? Files.getAttribute(host, "unix:uid", LinkOption.NOFOLLOW_LINKS) + ":"
                + Files.getAttribute(host, "unix:gid", LinkOption.NOFOLLOW_LINKS) : "";
        md.update((name + "\0" + Integer.toOctalString(mode) + "\0" + owner + "\0").getBytes(StandardCharsets.UTF_8));
        if (Files.isSymbolicLink(host)) {
            md.update(Files.readSymbolicLink(host).toString().getBytes(StandardCharsets.UTF_8));
        } else if (Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS)) {
            try (var children = Files.list(host)) {
                for (Path child : children.sorted().toList()) {
                    if (!skipped(child)) {
                        add(child, name + "/" + child.getFileName(), md);
                    }
                }
            }
        } else if (Files.isRegularFile(host, LinkOption.NOFOLLOW_LINKS)) {
            try (InputStream in = Files.newInputStream(host)) {
                byte[] buf = new byte[64 * 1024];
                for (int n; (n = in.read(buf)) > 0; ) {
                    md.update(buf, 0, n);
                }
            }
        }
        md.update((byte) '\n');
    }

    static boolean hasWildcard(String path) {
        return path.indexOf('*') >= 0 || path.indexOf('?') >= 0 || path.indexOf('[') >= 0;
    }

    /** Go's {@code filepath.Match} for one component: {@code *}, {@code ?}, {@code [a-z]}, {@code [^x]}, {@code \}. */
    static Pattern glob(String component) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < component.length(); i++) {
            char c = component.charAt(i);
            switch (c) {
                case '*' -> re.append("[^/]*");
                case '?' -> re.append("[^/]");
                case '\\' -> {
                    if (i + 1 < component.length()) {
                        re.append(Pattern.quote(String.valueOf(component.charAt(++i))));
                    }
                }
                case '[' -> {
                    int end = component.indexOf(']', i + 1);
                    if (end < 0) {
                        throw new dev.stevedore.diag.InvalidInputException("syntax error in pattern \"" + component
                                + "\": unclosed [");
                    }
                    String cls = component.substring(i + 1, end);
                    re.append('[').append(cls.startsWith("^") ? "^" + cls.substring(1).replace("[", "\\[")
                            : cls.replace("[", "\\[")).append(']');
                    i = end;
                }
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }
}
