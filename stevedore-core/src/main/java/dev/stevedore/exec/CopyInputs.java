package dev.stevedore.exec;

import dev.stevedore.context.ContextPath;
import dev.stevedore.context.SelectedEntry;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.diag.NotFoundException;
import dev.stevedore.diag.StevedoreException;
import dev.stevedore.dockerfile.CopySource;
import dev.stevedore.dockerfile.syntax.Heredoc;
import dev.stevedore.exec.sources.Downloaded;
import dev.stevedore.exec.sources.Git;
import dev.stevedore.exec.sources.GitCheckout;
import dev.stevedore.exec.sources.SourceKind;
import dev.stevedore.fs.FileTrees;
import dev.stevedore.linux.FileCalls;
import dev.stevedore.oci.Digest;
import dev.stevedore.plan.NamedContext;
import dev.stevedore.plan.SourceRef;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The sources of one COPY or ADD, selected and identified ({@link CopyPart}s): context paths,
 * {@code --from} stages, images and named contexts, here-documents, and for ADD downloads and
 * git checkouts, fetched into private directories. Closing releases views and deletes what was
 * fetched.
 *
 * <p>A URL with {@code --checksum} is not downloaded while gathering: its key is known from the
 * checksum ({@link dev.stevedore.exec.sources.SourceKeys#urlBeforeDownload}), as BuildKit's
 * {@code checksum} gives the http source a cache key without a request, so a cached step makes
 * none. {@link #parts()} then holds a placeholder for it, and {@link #fetched()} downloads it when
 * the step runs.
 *
 * <p>A path {@code --from} a stage or an image is keyed by the content digest of what it
 * selects, which takes a mount of that tree to compute. The digest is remembered in the store's
 * cache records ({@link #selectionKey}), by the layers of the tree and the selection, so an
 * unchanged rebuild finds it there and mounts nothing: the part is a placeholder too, selected
 * from the mounted tree by {@link #fetched()} only when the step runs.
 */
final class CopyInputs implements AutoCloseable {

    private final StageContext ctx;
    private final CopySpec spec;
    private final List<CopyRoot> opened = new ArrayList<>();
    private final List<CopyPart> parts = new ArrayList<>();
    private final java.util.Map<Integer, SourceKind.Url> deferred = new java.util.LinkedHashMap<>();
    /** Placeholders of paths {@code --from} a stage or image whose digest was remembered, by index. */
    private final java.util.Map<Integer, String> deferredFrom = new java.util.LinkedHashMap<>();
    private CopyRoot fromRoot;

    private CopyInputs(StageContext ctx, CopySpec spec) {
        this.ctx = ctx;
        this.spec = spec;
    }

    /** The parts of {@code spec}, in source order. */
    static CopyInputs gather(StageContext ctx, CopySpec spec) throws IOException {
        CopyInputs inputs = new CopyInputs(ctx, spec);
        try {
            for (CopySource source : spec.sources()) {
                inputs.parts.add(inputs.part(source));
            }
            return inputs;
        } catch (RuntimeException | IOException e) {
            inputs.close();
            throw e;
        }
    }

    /**
     * The parts as the cache key and history need them: written text, key, unpack. A deferred
     * download is a placeholder without root or entries; use {@link #fetched()} to copy.
     */
    List<CopyPart> parts() {
        return List.copyOf(parts);
    }

    /** The parts with every deferred download done. */
    List<CopyPart> fetched() throws IOException {
        for (var d : deferred.entrySet()) {
            CopyPart placeholder = parts.get(d.getKey());
            CopyPart got = download(d.getValue(), placeholder.written());
            if (!got.key().equals(placeholder.key())) {
                throw new IllegalStateException("the key of " + placeholder.written() + " changed by downloading");
            }
            parts.set(d.getKey(), got);
        }
        deferred.clear();
        for (var d : deferredFrom.entrySet()) {
            CopyPart placeholder = parts.get(d.getKey());
            CopyPart got = selected(from(), d.getValue(), d.getValue(), false);
            if (!got.key().equals(placeholder.key())) {
                throw new IllegalStateException("the remembered digest of " + placeholder.written() + " --from "
                        + spec.from().get() + " is not its content's");
            }
            parts.set(d.getKey(), got);
        }
        deferredFrom.clear();
        return List.copyOf(parts);
    }

    private CopyPart part(CopySource source) throws IOException {
        return switch (source) {
            case CopySource.Inline(Heredoc heredoc) -> heredoc(heredoc);
            case CopySource.Path(String path) -> {
                String expanded = ctx.scope.expand(path);
                if (spec.from().isPresent()) {
                    yield fromPath(expanded);
                }
                if (!spec.add()) {
                    yield selected(context(), expanded, expanded, false);
                }
                yield switch (SourceKind.of(expanded)) {
                    case SourceKind.Url url -> spec.checksum().isPresent() ? deferredDownload(url, expanded)
                            : download(url, expanded);
                    case SourceKind.Git git -> checkout(git);
                    case SourceKind.Local local -> selected(context(), local.path(), local.path(),
                            spec.unpack().orElse(true));
                };
            }
        };
    }

    /**
     * {@code path} {@code --from} a stage or image: a placeholder when its digest is remembered,
     * else selected in the mounted tree, its digest remembered for the next build.
     */
    private CopyPart fromPath(String path) {
        Optional<List<LayerRef>> layers = fromLayers();
        if (layers.isEmpty()) {
            return selected(from(), path, path, false);
        }
        Digest memo = selectionKey(layers.get(), path).digest();
        Optional<String> remembered = ctx.session.cache.selection(memo, ctx.planned.index());
        if (remembered.isPresent()) {
            deferredFrom.put(parts.size(), path);
            return new CopyPart(path, null, List.of(), Optional.empty(), false,
                    CacheKey.list(List.of("path", path, remembered.get())));
        }
        Selection selection = select(from(), path, path, false);
        ctx.session.cache.putSelection(memo, selection.digest(), ctx.planned.index());
        return selection.part();
    }

    /**
     * What the content digest of a selection {@code --from} a tree of layers depends on: the
     * layers (by diffID, bottom first: the tree is theirs alone), the path, the excludes and
     * {@code --parents}. Versioned with the cache keys.
     */
    private CacheKey selectionKey(List<LayerRef> layers, String path) {
        return CacheKey.root("copy-from-selection", new CacheKey.Parts()
                .add("layers", layers.stream().map(l -> l.diffId().toString()).toList())
                .add("path", path)
                .add("exclude", excludes())
                .add("parents", spec.parents())
                .all());
    }

    /** The layers of the {@code --from} tree when it is a stage or an image; empty for a directory. */
    private Optional<List<LayerRef>> fromLayers() {
        String written = spec.from().get();
        return switch (ctx.planned.source(written)) {
            case SourceRef.StageRef(int index) -> Optional.of(ctx.session.stages.get(index).join().layers());
            case SourceRef.ImageRef image -> Optional.of(image(image.image().ref().toString()).layers());
            case SourceRef.ContextRef(NamedContext named) -> switch (named.source()) {
                case NamedContext.Source.DockerImage(var image) -> Optional.of(image(image.toString()).layers());
                case NamedContext.Source.Directory(Path dir) -> Optional.empty();
            };
        };
    }

    /** A selected part and the content digest in its key. */
    private record Selection(CopyPart part, String digest) {}

    /** {@code path} selected in {@code root}; a file source that is a tar archive is unpacked when {@code unpack}. */
    private CopyPart selected(CopyRoot root, String path, String written, boolean unpack) {
        return select(root, path, written, unpack).part();
    }

    private Selection select(CopyRoot root, String path, String written, boolean unpack) {
        List<SelectedEntry> entries;
        try {
            entries = root.selector().select(List.of(path), excludes(), spec.parents());
        } catch (NotFoundException e) {
            throw ctx.error(spec.in(), StageContext.text(spec.in()) + ": \"" + path + "\" not found in "
                    + root.description());
        } catch (InvalidInputException e) {
            throw ctx.error(spec.in(), StageContext.text(spec.in()) + ": " + e.getMessage());
        }
        Optional<Path> dir = directory(root, path);
        String digest = root.digest(entries);
        return new Selection(new CopyPart(written, root, entries, dir, unpack && dir.isEmpty(),
                CacheKey.list(List.of("path", path, digest))), digest);
    }

    private List<String> excludes() {
        return spec.exclude().stream().map(ctx.scope::expand).toList();
    }

    /** The directory a non-wildcard source names (symlinks followed inside the tree), if it names one. */
    private static Optional<Path> directory(CopyRoot root, String path) {
        if (path.indexOf('*') >= 0 || path.indexOf('?') >= 0 || path.indexOf('[') >= 0) {
            return Optional.empty();
        }
        ContextPath at = root.selector().resolve(path, true);
        return Files.isDirectory(at.hostPath(), LinkOption.NOFOLLOW_LINKS) ? Optional.of(at.hostPath())
                : Optional.empty();
    }

    private CopyRoot context() {
        return CopyRoot.directory(ctx.session.options.contextDir(), ctx.session.options.context().ignorePatterns(),
                ctx.session.hasher, "the build context");
    }

    /** The image {@code --from} names, pulled when needed; an error names this instruction's line. */
    private BaseImage image(String reference) {
        try {
            return ctx.session.image(reference);
        } catch (StevedoreException e) {
            throw Located.at(e, ctx.file(), spec.in().range());
        }
    }

    /** The tree of {@code --from}: a stage's or image's root file system, or a named context; opened once. */
    private CopyRoot from() {
        if (fromRoot != null) {
            return fromRoot;
        }
        String written = spec.from().get();
        SourceRef ref = ctx.planned.source(written);
        fromRoot = switch (ref) {
            case SourceRef.StageRef(int index) -> view(ctx.session.stages.get(index).join().layers(), "stage " + written);
            case SourceRef.ImageRef image -> view(image(image.image().ref().toString()).layers(), "image " + written);
            case SourceRef.ContextRef(NamedContext named) -> switch (named.source()) {
                case NamedContext.Source.DockerImage(var image) -> view(image(image.toString()).layers(),
                        "image " + written);
                case NamedContext.Source.Directory(Path dir) -> ContextTrees.root(ctx.session, named);
            };
        };
        opened.add(fromRoot);
        return fromRoot;
    }

    private CopyRoot view(List<LayerRef> layers, String description) {
        Layers l = ctx.session.layers;
        Snapshots.ReadOnlyRoot view = l.view(layers);
        return CopyRoot.mounted(view.root(), description, view::close);
    }

    /** {@code COPY <<EOF /dest}: a file named after the delimiter, 0644, its body expanded unless the delimiter was quoted. */
    private CopyPart heredoc(Heredoc heredoc) throws IOException {
        String content = heredoc.chomp() ? heredoc.content().replaceAll("(?m)^\t+", "") : heredoc.content();
        if (heredoc.expand()) {
            content = ctx.session.lexer.keepingQuotesAndEscapes().expandWord(content, ctx.scope.env());
        }
        Path dir = temporaryDir();
        Path file = dir.resolve("heredoc").resolve(heredoc.name());
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
            FileCalls.chmod(file, 0644);
            // a fixed time, so the same document makes the same layer
            Files.setLastModifiedTime(file, FileTime.from(Instant.EPOCH));
        } catch (IOException | RuntimeException e) {
            FileTrees.delete(dir);
            throw e;
        }
        CopyRoot root = opened(CopyRoot.temporary(dir, dir.resolve("heredoc"), "here-document " + heredoc.name()));
        List<SelectedEntry> entries = root.selector().select(List.of(heredoc.name()), List.of(), false);
        return new CopyPart("<<" + heredoc.name(), root, entries, Optional.empty(), false,
                "heredoc " + root.digest(entries));
    }

    /** ADD of an http(s) URL: downloaded into a private directory, mode 0600, mtime from {@code Last-Modified}. */
    private CopyPart download(SourceKind.Url url, String written) throws IOException {
        Optional<Digest> checksum = spec.checksum().map(c -> parseChecksum(ctx.scope.expand(c)));
        Path dir = temporaryDir();
        CopyRoot root = opened(CopyRoot.temporary(dir, dir, "the download of " + written));
        Downloaded got = ctx.session.downloads.fetch(url.uri(), checksum, dir);
        List<SelectedEntry> entries = root.selector().select(List.of(got.fileName()), List.of(), false);
        return new CopyPart(written, root, entries, Optional.empty(), spec.unpack().orElse(false),
                "url " + dev.stevedore.exec.sources.SourceKeys.url(got, checksum));
    }

    /** A URL with {@code --checksum}: a placeholder keyed by the checksum, downloaded by {@link #fetched()}. */
    private CopyPart deferredDownload(SourceKind.Url url, String written) {
        Optional<Digest> checksum = spec.checksum().map(c -> parseChecksum(ctx.scope.expand(c)));
        Digest key = dev.stevedore.exec.sources.SourceKeys.urlBeforeDownload(url.uri(), checksum).orElseThrow();
        deferred.put(parts.size(), url);
        return new CopyPart(written, null, List.of(), Optional.empty(), spec.unpack().orElse(false), "url " + key);
    }

    /** ADD of a git repository: checked out into a private directory; its tree is a directory source. */
    private CopyPart checkout(SourceKind.Git git) throws IOException {
        if (spec.checksum().isPresent()) {
            throw ctx.error(spec.in(), StageContext.text(spec.in()) + ": --checksum is not supported for git sources");
        }
        Path dir = temporaryDir();
        CopyRoot holder = opened(CopyRoot.temporary(dir, dir, "git " + git.ref()));
        GitCheckout out = Git.checkout(git.ref(), spec.keepGitDir(), dir);
        CopyRoot root = new CopyRoot(out.dir(), dev.stevedore.context.SourceSelector.of(out.dir(),
                dev.stevedore.context.IgnorePatterns.none()), holder.hasher(), false, holder.description(), () -> { });
        List<SelectedEntry> entries = root.selector().select(List.of("."), excludes(), false);
        return new CopyPart(git.ref().toString(), root, entries, Optional.of(out.dir()), false,
                "git " + dev.stevedore.exec.sources.SourceKeys.git(git.ref(), out, spec.keepGitDir()));
    }

    private Digest parseChecksum(String text) {
        try {
            return Digest.parse(text);
        } catch (RuntimeException e) {
            throw ctx.error(spec.in(), "invalid --checksum \"" + text + "\": expected ALGORITHM:HEX such as sha256:...");
        }
    }

    private Path temporaryDir() throws IOException {
        return ctx.session.store.stagingDirectory("add");
    }

    private CopyRoot opened(CopyRoot root) {
        opened.add(root);
        return root;
    }

    @Override
    public void close() {
        opened.forEach(CopyRoot::close);
    }
}
