package dev.stevedore.context;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.diag.NotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The COPY/ADD source rules that concern the context, as BuildKit applies them.
 *
 * <ul>
 *   <li>A source is cleaned against the context root: {@code ../x} is the root's {@code x},
 *       {@code /abs} is {@code abs}. Symlinks in parent components are followed inside the
 *       context ({@link ContextResolver}).
 *   <li>A symlink named as the source, or matched by a wildcard, is followed (BuildKit's
 *       {@code FollowSymlinks: true}): its target's content is copied under the source's name, a
 *       directory target being walked. The target resolves inside the context like a chroot, so
 *       {@code link -> /etc} means the context's {@code etc}; a dangling target is "not found",
 *       as is one {@code .dockerignore} excludes (BuildKit never receives it). Symlinks found
 *       inside a copied directory stay symlinks.
 *   <li>Wildcards are Go's {@code filepath.Match}, per path component ({@link GoMatch});
 *       {@code **} is not special; {@code *} matches hidden files.
 *   <li>A directory source means its contents, walked recursively in name order.
 *   <li>What {@code .dockerignore} excludes is invisible; {@code --exclude} patterns (the same
 *       dialect) are matched against paths relative to the source.
 *   <li>Without {@code --parents} a file lands under its name and a directory's contents under
 *       their path in it; with it, under the source path as written (from after a {@code /./}
 *       in it, when there is one).
 *   <li>A wildcard that matches nothing selects nothing and is no error (BuildKit's
 *       {@code AllowEmptyWildcard: true}); a source without wildcards that is missing or
 *       excluded is an error naming it.
 * </ul>
 *
 * Entries come out in a deterministic order: sources in the given order, wildcard matches and
 * directory contents sorted by name.
 */
public final class SourceSelector {

    private final ContextResolver resolver;
    private final IgnorePatterns ignore;

    SourceSelector(ContextResolver resolver, IgnorePatterns ignore) {
        this.resolver = resolver;
        this.ignore = ignore;
    }

    /**
     * A selector over any tree that is not the build context: a stage's or an image's root file
     * system ({@code COPY --from}), a named context directory, a fetched ADD source. {@code root}
     * must exist; paths resolve inside it as in the context ({@link #resolve}).
     *
     * @throws UncheckedIOException when {@code root} cannot be resolved
     */
    public static SourceSelector of(Path root, IgnorePatterns ignore) {
        try {
            return new SourceSelector(new ContextResolver(root.toRealPath()), ignore);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + root, e);
        }
    }

    /**
     * Where {@code path} is in the tree, resolved inside it like a chroot; {@code followLast}
     * follows a symlink named last (inside the tree too). The path need not exist.
     *
     * @throws InvalidInputException on a symlink loop
     */
    public ContextPath resolve(String path, boolean followLast) {
        return resolver.resolve(path, followLast);
    }

    /** {@link #select(List, List, boolean)} without {@code --parents}. */
    public List<SelectedEntry> select(List<String> sources, List<String> excludes) {
        return select(sources, excludes, false);
    }

    /**
     * The entries that {@code COPY [--exclude=...] [--parents] <sources> <dest>} reads.
     *
     * @throws NotFoundException     naming a source without wildcards that is missing or excluded, or a
     *                               symlink source whose target is
     * @throws InvalidInputException naming a malformed wildcard or exclude pattern, or a symlink loop
     */
    public List<SelectedEntry> select(List<String> sources, List<String> excludes, boolean parents) {
        IgnorePatterns excluded = IgnorePatterns.of(excludes);
        List<SelectedEntry> out = new ArrayList<>();
        for (String source : sources) {
            new OneSource(source, excluded, parents, out).select();
        }
        return out;
    }

    /** The selection of one source into {@code out}. */
    private final class OneSource {
        private final String source;
        private final IgnorePatterns excluded;
        private final int keepFrom;
        private final boolean parents;
        private final List<SelectedEntry> out;

        OneSource(String source, IgnorePatterns excluded, boolean parents, List<SelectedEntry> out) {
            this.source = source;
            this.excluded = excluded;
            this.parents = parents;
            this.out = out;
            int pivot = source.indexOf("/./");
            this.keepFrom = parents && pivot >= 0 ? depth(relative(source.substring(0, pivot))) : 0;
        }

        void select() {
            String cleaned = relative(source);
            if (!GoMatch.hasWildcard(cleaned)) {
                selectPath(GoMatch.unescape(cleaned));
                return;
            }
            for (String component : cleaned.split("/")) {
                String problem = PatternSyntax.problem(component);
                if (problem != null) {
                    throw new InvalidInputException("invalid source \"" + source + "\": " + problem);
                }
            }
            List<String> matches = new ArrayList<>();
            expand(".", cleaned.split("/"), 0, matches);
            // no match is no error: BuildKit's AllowEmptyWildcard
            for (String match : matches) {
                selectPath(match);
            }
        }

        /** The visible paths matching {@code parts[i..]} under {@code dir} (as written, unresolved). */
        private void expand(String dir, String[] parts, int i, List<String> matches) {
            if (i == parts.length) {
                matches.add(dir);
                return;
            }
            String part = parts[i];
            boolean last = i + 1 == parts.length;
            if (!GoMatch.hasWildcard(part)) {
                String child = join(dir, GoMatch.unescape(part));
                Optional<ContextPath> at = resolveForGlob(child, !last);
                if (at.isPresent() && (last ? lstat(at.get().hostPath()) != null : isDirectory(at.get()))) {
                    expand(child, parts, i + 1, matches);
                }
                return;
            }
            Optional<ContextPath> found = resolveForGlob(dir, true);
            if (found.isEmpty() || !isDirectory(found.get())) {
                return;
            }
            ContextPath at = found.get();
            for (String name : list(at.hostPath())) {
                if (GoMatch.matches(part, name) && visible(join(at.path(), name), last)) {
                    expand(join(dir, name), parts, i + 1, matches);
                }
            }
        }

        /** As Go's {@code Glob}, a path that cannot be resolved (a symlink loop) matches nothing. */
        private Optional<ContextPath> resolveForGlob(String path, boolean followLast) {
            try {
                return Optional.of(resolver.resolve(path, followLast));
            } catch (InvalidInputException e) {
                return Optional.empty();
            }
        }

        /**
         * Whether a wildcard may match {@code real}: not ignored, or a directory that may hold
         * re-included ({@code !}) paths, which are then visible under it.
         */
        private boolean visible(String real, boolean last) {
            if (!ignore.matches(real)) {
                return true;
            }
            return ignore.hasExclusions() && (!last || isDirectory(resolver.resolve(real, false)));
        }

        private void selectPath(String written) {
            ContextPath at = resolver.resolve(written, false);
            BasicFileAttributes attrs = lstat(at.hostPath());
            if (attrs == null) {
                throw new NotFoundException("source \"" + source + "\" not found in the build context");
            }
            boolean ignored = !at.path().equals(".") && ignore.matches(at.path());
            if (attrs.isSymbolicLink() && !ignored) {
                selectTarget(written, at);
                return;
            }
            if (attrs.isDirectory() && (!ignored || ignore.hasExclusions())) {
                walk(at, written, "");
                return;
            }
            if (ignored) {
                throw new NotFoundException("source \"" + source + "\" is excluded by .dockerignore");
            }
            SelectedEntry.Type type = typeOf(attrs);
            if (type == null) {
                throw new InvalidInputException("source \"" + source + "\" is not a regular file, directory or symlink");
            }
            if (!excluded.matches(at.name())) {
                out.add(new SelectedEntry(at.hostPath(), type, fileDestination(written, at.name()), true));
            }
        }

        /** A symlink named as the source: its target, followed inside the tree, under the link's name. */
        private void selectTarget(String written, ContextPath link) {
            ContextPath target = resolver.resolve(written, true);
            BasicFileAttributes attrs = lstat(target.hostPath());
            if (attrs == null || ignore.matches(target.path())) {
                throw new NotFoundException("source \"" + source + "\" is a symbolic link to \"" + target.path()
                        + "\", which is not found in the build context");
            }
            if (attrs.isDirectory()) {
                walk(target, written, "");
                return;
            }
            SelectedEntry.Type type = typeOf(attrs);
            if (type == null) {
                throw new InvalidInputException("source \"" + source + "\" is a symbolic link to \""
                        + target.path() + "\", which is not a regular file or directory");
            }
            if (!excluded.matches(link.name())) {
                out.add(new SelectedEntry(target.hostPath(), type, fileDestination(written, link.name()),
                        true));
            }
        }

        /** Adds the contents of {@code dir}, {@code within} being their path under the source. */
        private void walk(ContextPath dir, String written, String within) {
            for (String name : list(dir.hostPath())) {
                String real = join(dir.path(), name);
                String rel = within.isEmpty() ? name : within + "/" + name;
                Path host = dir.hostPath().resolve(name);
                BasicFileAttributes attrs = lstat(host);
                SelectedEntry.Type type = attrs == null ? null : typeOf(attrs);
                if (type == null) {
                    continue;
                }
                boolean hidden = ignore.matches(real) || excluded.matches(rel);
                if (!hidden) {
                    out.add(new SelectedEntry(host, type, contentsDestination(written, rel), false));
                }
                boolean descend = !hidden || ignore.hasExclusions() || excluded.hasExclusions();
                if (type == SelectedEntry.Type.DIRECTORY && descend) {
                    walk(new ContextPath(real, host), written, rel);
                }
            }
        }

        /** Where a file or symlink named {@code name} selected as {@code written} goes. */
        private String fileDestination(String written, String name) {
            String kept = kept(written);
            return parents && !kept.isEmpty() ? kept : name;
        }

        /** Where the entry at {@code rel} in a directory selected as {@code written} goes. */
        private String contentsDestination(String written, String rel) {
            String kept = parents ? kept(written) : "";
            return kept.isEmpty() ? rel : kept + "/" + rel;
        }

        /** The part of the written path that {@code --parents} keeps. */
        private String kept(String written) {
            if (written.equals(".")) {
                return "";
            }
            String[] parts = written.split("/");
            StringBuilder kept = new StringBuilder();
            for (int i = keepFrom; i < parts.length; i++) {
                kept.append(kept.isEmpty() ? "" : "/").append(parts[i]);
            }
            return kept.toString();
        }
    }

    private static SelectedEntry.Type typeOf(BasicFileAttributes attrs) {
        if (attrs.isSymbolicLink()) {
            return SelectedEntry.Type.SYMLINK;
        }
        if (attrs.isDirectory()) {
            return SelectedEntry.Type.DIRECTORY;
        }
        return attrs.isRegularFile() ? SelectedEntry.Type.FILE : null;
    }

    private static boolean isDirectory(ContextPath p) {
        return Files.isDirectory(p.hostPath(), LinkOption.NOFOLLOW_LINKS);
    }

    private static BasicFileAttributes lstat(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return null;
        }
    }

    /** The names in a directory, sorted as Go sorts strings (by UTF-8 bytes, which is by code point). */
    private static List<String> list(Path dir) {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                names.add(entry.getFileName().toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        names.sort(SourceSelector::compareCodePoints);
        return names;
    }

    private static int compareCodePoints(String a, String b) {
        return java.util.Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
    }

    /** The source cleaned against the root, without a leading slash; {@code "."} for the root. */
    static String relative(String source) {
        String cleaned = GoPath.clean("/" + source);
        return cleaned.equals("/") ? "." : cleaned.substring(1);
    }

    private static int depth(String relative) {
        return relative.equals(".") ? 0 : relative.split("/").length;
    }

    private static String join(String dir, String name) {
        return dir.equals(".") ? name : dir + "/" + name;
    }
}
