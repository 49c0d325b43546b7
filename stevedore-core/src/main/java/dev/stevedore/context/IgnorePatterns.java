package dev.stevedore.context;

import dev.stevedore.diag.Diagnostic;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.diag.SourceRange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The files of a build context that the build must not see, from {@code .dockerignore} (or
 * {@code <Dockerfile>.dockerignore}), with exactly the meaning of moby/patternmatcher.
 *
 * <p>A path is excluded when the <em>last</em> pattern that matches it, or matches one of its
 * parent directories, is not a {@code !} exception. So {@code docs} excludes everything under
 * {@code docs/}, and {@code *.md} then {@code !README.md} keeps {@code README.md}. Patterns are
 * relative to the context root; a leading {@code /} or {@code ./} means the same as none.
 * Immutable and thread-safe.
 */
public final class IgnorePatterns {

    /** One pattern as written, cleaned, with whether it is a {@code !} exception. */
    public record Pattern(String text, boolean exclusion) {}

    private static final IgnorePatterns NONE = new IgnorePatterns(List.of(), List.of(), 0);

    private final List<Pattern> patterns;
    private final List<PathPattern> compiled;
    private final long bytes;

    private IgnorePatterns(List<Pattern> patterns, List<PathPattern> compiled, long bytes) {
        this.patterns = List.copyOf(patterns);
        this.compiled = List.copyOf(compiled);
        this.bytes = bytes;
    }

    /** The size of the file these were read from (0 for none), what BuildKit shows it transferred. */
    public long bytes() {
        return bytes;
    }

    /** Ignores nothing. */
    public static IgnorePatterns none() {
        return NONE;
    }

    /** Whether this ignores nothing (no patterns at all). */
    public boolean isEmpty() {
        return patterns.isEmpty();
    }

    /**
     * Compiles patterns as moby's {@code patternmatcher.New} does: each is trimmed, blank ones
     * are skipped, each is cleaned like a path; {@code !} makes an exception. A leading
     * {@code /} is dropped too, as reading a {@code .dockerignore} does.
     *
     * @throws InvalidInputException naming the first malformed pattern
     */
    public static IgnorePatterns of(List<String> patterns) {
        List<Pattern> parsed = new ArrayList<>();
        List<PathPattern> compiled = new ArrayList<>();
        for (String raw : patterns) {
            String p = raw.strip();
            if (p.isEmpty()) {
                continue;
            }
            p = GoPath.clean(p);
            boolean exclusion = p.charAt(0) == '!';
            if (exclusion) {
                if (p.length() == 1) {
                    throw new InvalidInputException("illegal exclusion pattern: \"!\"");
                }
                p = p.substring(1);
            }
            // relative to the context root either way, as a .dockerignore line would be read
            if (p.length() > 1 && p.charAt(0) == '/') {
                p = p.substring(1);
            }
            String problem = PatternSyntax.problem(p);
            if (problem != null) {
                throw new InvalidInputException("invalid ignore pattern \"" + raw.strip() + "\": " + problem);
            }
            parsed.add(new Pattern(p, exclusion));
            compiled.add(new PathPattern(p));
        }
        return new IgnorePatterns(parsed, compiled, 0);
    }

    /**
     * Reads the text of a {@code .dockerignore} as Docker does: a UTF-8 BOM is dropped; lines
     * starting with {@code #} (before any trimming) are comments; lines are trimmed and blank
     * ones skipped; each pattern (after its {@code !}) is cleaned and loses a leading {@code /}.
     *
     * @param file the name to put in error messages, e.g. {@code .dockerignore}
     * @throws InvalidInputException with the file and line of the first malformed pattern
     */
    public static IgnorePatterns parse(String text, String file) {
        List<String> lines = readAll(text);
        List<String> patterns = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String pattern = lines.get(i);
            if (pattern == null) {
                continue;
            }
            try {
                of(List.of(pattern));
            } catch (InvalidInputException e) {
                throw new InvalidInputException(Diagnostic.error(file, SourceRange.line(i + 1), e.getMessage()));
            }
            patterns.add(pattern);
        }
        IgnorePatterns read = of(patterns);
        return new IgnorePatterns(read.patterns, read.compiled, text.getBytes(StandardCharsets.UTF_8).length);
    }

    /**
     * The patterns for a build: {@code <Dockerfile>.dockerignore} next to the Dockerfile when it
     * exists (it wins), else {@code .dockerignore} at the root of the context, else none. This
     * follows symlinks wherever they lead; {@link BuildContext} reads the files without leaving
     * the context and is what a build uses.
     *
     * @throws InvalidInputException when the file has a malformed pattern
     * @throws UncheckedIOException  when the file exists but cannot be read
     */
    public static IgnorePatterns forBuild(Path contextDir, Path dockerfile) {
        Path specific = dockerfile.resolveSibling(dockerfile.getFileName() + ".dockerignore");
        Path general = contextDir.resolve(".dockerignore");
        for (Path candidate : List.of(specific, general)) {
            if (Files.isRegularFile(candidate)) {
                try {
                    return parse(Files.readString(candidate, StandardCharsets.UTF_8), candidate.getFileName().toString());
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + candidate, e);
                }
            }
        }
        return none();
    }

    /** The patterns, cleaned, in order. */
    public List<Pattern> patterns() {
        return patterns;
    }

    /** Whether any pattern is a {@code !} exception (then excluded directories must still be walked). */
    public boolean hasExclusions() {
        return patterns.stream().anyMatch(Pattern::exclusion);
    }

    /**
     * Whether {@code path} (relative to the context, {@code /}-separated) is excluded: the last
     * pattern that matches it or one of its parent directories is not an exception. This is
     * moby's {@code MatchesOrParentMatches}.
     */
    public boolean matches(String path) {
        String parent = GoPath.dir(path);
        String[] parentDirs = parent.split("/", -1);
        boolean matched = false;
        for (int p = 0; p < compiled.size(); p++) {
            boolean exclusion = patterns.get(p).exclusion();
            // an inclusion cannot change an already excluded path, nor an exception a kept one
            if (exclusion != matched) {
                continue;
            }
            PathPattern pattern = compiled.get(p);
            boolean match = pattern.matches(path);
            if (!match && !parent.equals(".")) {
                StringBuilder prefix = new StringBuilder();
                for (int i = 0; i < parentDirs.length && !match; i++) {
                    if (i > 0) {
                        prefix.append('/');
                    }
                    prefix.append(parentDirs[i]);
                    match = pattern.matches(prefix.toString());
                }
            }
            if (match) {
                matched = !exclusion;
            }
        }
        return matched;
    }

    /** moby's {@code ignorefile.ReadAll}: one entry per line, null for lines that hold no pattern. */
    private static List<String> readAll(String text) {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<String> out = new ArrayList<>();
        for (String line : text.split("\r?\n", -1)) {
            out.add(patternOf(line));
        }
        return out;
    }

    private static String patternOf(String line) {
        if (line.startsWith("#")) {
            return null;
        }
        String pattern = line.strip();
        if (pattern.isEmpty()) {
            return null;
        }
        boolean invert = pattern.charAt(0) == '!';
        if (invert) {
            pattern = pattern.substring(1).strip();
        }
        if (!pattern.isEmpty()) {
            pattern = GoPath.clean(pattern);
            if (pattern.length() > 1 && pattern.charAt(0) == '/') {
                pattern = pattern.substring(1);
            }
        }
        return invert ? "!" + pattern : pattern;
    }
}
