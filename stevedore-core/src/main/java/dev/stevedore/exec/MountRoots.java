package dev.stevedore.exec;

import dev.stevedore.context.IgnorePatterns;
import dev.stevedore.context.SelectedEntry;
import dev.stevedore.diag.InternalException;
import dev.stevedore.diag.StevedoreException;
import dev.stevedore.dockerfile.Mount;
import dev.stevedore.plan.NamedContext;
import dev.stevedore.plan.SourceRef;
import dev.stevedore.fs.FileTrees;
import dev.stevedore.linux.FileCalls;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The read-only trees the {@code from=} of one RUN's mounts name, opened on demand and released
 * when the step ends: a stage's result or an image (a snapshot view), or a named context
 * directory. Also what the RUN's cache key learns of them: a stage's cache key, an image's
 * manifest digest, a directory's content digest, as BuildKit keys a mount on its source.
 */
final class MountRoots implements AutoCloseable {

    /** The key of the build context in {@link #opened}: no {@code from=} name can be empty. */
    private static final String CONTEXT = "";

    private final StageContext ctx;
    private final Map<String, Path> opened = new HashMap<>();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    MountRoots(StageContext ctx) {
        this.ctx = ctx;
    }

    /** The root {@code from} (as written) names, mounted read-only until {@link #close()}. */
    synchronized Optional<Path> root(String from) {
        Path known = opened.get(from);
        if (known != null) {
            return Optional.of(known);
        }
        Path root = switch (ctx.planned.source(from)) {
            case SourceRef.StageRef(int index) -> view(ctx.session.stages.get(index).join().layers());
            case SourceRef.ImageRef image -> view(ctx.session.image(image.image().ref().toString()).layers());
            case SourceRef.ContextRef(NamedContext named) -> switch (named.source()) {
                case NamedContext.Source.DockerImage(var image) -> view(ctx.session.image(image.toString())
                        .layers());
                case NamedContext.Source.Directory(Path dir) -> visible(dir, ContextTrees.ignore(dir),
                        "build context " + named.name());
            };
        };
        opened.put(from, root);
        return Optional.of(root);
    }

    /**
     * The build context as a bind mount without {@code from=} sees it: BuildKit mounts the
     * context as it was transferred, so what {@code .dockerignore} excludes (a {@code .env}, keys)
     * is not there, as it is not in the mount's cache key.
     */
    synchronized Path context() {
        Path known = opened.get(CONTEXT);
        if (known == null) {
            known = visible(ctx.session.options.contextDir(), ctx.session.options.context().ignorePatterns(),
                    "the build context");
            opened.put(CONTEXT, known);
        }
        return known;
    }

    /**
     * {@code dir} itself when nothing is ignored, else a private copy of its visible files,
     * deleted when the step ends. A copy, not the directory with the ignored files masked, because
     * the ignore rules match paths, and masking would need a mount per ignored file.
     */
    private Path visible(Path dir, IgnorePatterns ignore, String description) {
        if (ignore.isEmpty()) {
            return dir;
        }
        try (CopyRoot root = CopyRoot.directory(dir, ignore, ctx.session.hasher, description)) {
            Path copy = ctx.session.store.stagingDirectory("mountctx");
            toClose.add(() -> FileTrees.delete(copy));
            FileCalls.chmod(copy, 0755); // the mount's root, which a RUN as any user must enter
            List<SelectedEntry> entries = root.selector().select(List.of("."), List.of(), false);
            TreeCopier copier = new TreeCopier(copy, TreeCopier.Owner.KEEP, Optional.empty());
            copier.copy(new CopyPart(".", root, entries, Optional.of(dir), false, ""), "/", true);
            copier.finish();
            return copy;
        } catch (IOException e) {
            throw new InternalException("cannot prepare " + description + " for a bind mount: " + e.getMessage(), e);
        }
    }

    /**
     * What a mount puts into the RUN's cache key: its flags as written in the Dockerfile (so never
     * a secret's value), and the identity of what bind and cache mounts read {@code from}: never
     * the contents of a cache, a secret or an agent. Written field by field as a
     * {@link CacheKey#list}, so that the form does not depend on how a record prints itself.
     */
    String key(Mount mount) {
        return CacheKey.list(switch (mount) {
            case Mount.Bind b -> List.of("bind", b.mountTarget(), b.source().orElse(""), b.from().orElse(""),
                    String.valueOf(b.readOnly()),
                    b.from().map(this::sourceKey).orElseGet(() -> contextKey(b.source())));
            case Mount.Cache c -> List.of("cache", c.mountTarget(), c.id().orElse(""), c.sharing().name(),
                    c.from().orElse(""), c.source().orElse(""), String.valueOf(c.readOnly()), Long.toString(c.mode(), 8),
                    String.valueOf(c.uid()), String.valueOf(c.gid()), c.from().map(this::sourceKey).orElse(""));
            case Mount.Tmpfs t -> List.of("tmpfs", t.mountTarget(),
                    t.size().isPresent() ? String.valueOf(t.size().getAsLong()) : "");
            case Mount.Secret s -> List.of("secret", s.id(), s.target().orElse(""), s.env().orElse(""),
                    String.valueOf(s.required()), Long.toString(s.mode(), 8), String.valueOf(s.uid()),
                    String.valueOf(s.gid()));
            case Mount.Ssh s -> List.of("ssh", s.id(), s.target().orElse(""), String.valueOf(s.required()),
                    Long.toString(s.mode(), 8), String.valueOf(s.uid()), String.valueOf(s.gid()));
        });
    }

    private String sourceKey(String from) {
        return switch (ctx.planned.source(from)) {
            case SourceRef.StageRef(int index) -> "stage " + ctx.session.stages.get(index).join().cacheKey();
            case SourceRef.ImageRef image -> "image " + ctx.session.image(image.image().ref().toString())
                    .manifestDigest();
            case SourceRef.ContextRef(NamedContext named) -> switch (named.source()) {
                case NamedContext.Source.DockerImage(var image) -> "image " + ctx.session
                        .image(image.toString()).manifestDigest();
                case NamedContext.Source.Directory dir -> "context " + digest(ContextTrees.root(ctx.session, named),
                        Optional.empty());
            };
        };
    }

    /** The content digest of {@code source} in the build context (the whole context when empty). */
    private String contextKey(Optional<String> source) {
        CopyRoot context = CopyRoot.directory(ctx.session.options.contextDir(),
                ctx.session.options.context().ignorePatterns(), ctx.session.hasher, "the build context");
        return "context " + digest(context, source);
    }

    private static String digest(CopyRoot root, Optional<String> source) {
        try (root) {
            List<SelectedEntry> entries = root.selector().select(List.of(source.orElse("/")), List.of());
            return root.digest(entries);
        } catch (StevedoreException e) {
            // a missing source fails when the mount is prepared, with the mount's own message
            return "missing";
        }
    }

    private Path view(List<LayerRef> layers) {
        Layers l = ctx.session.layers;
        Snapshots.ReadOnlyRoot view = l.view(layers);
        toClose.add(view);
        return view.root();
    }

    @Override
    public synchronized void close() {
        for (AutoCloseable c : toClose.reversed()) {
            try {
                c.close();
            } catch (Exception e) {
                // a view left mounted is removed by the next build's cleanupStale
            }
        }
        toClose.clear();
        opened.clear();
    }
}
