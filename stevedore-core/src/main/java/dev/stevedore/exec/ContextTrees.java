package dev.stevedore.exec;

import dev.stevedore.context.IgnorePatterns;
import dev.stevedore.diag.InternalException;
import dev.stevedore.diag.NotFoundException;
import dev.stevedore.plan.NamedContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Named context directories ({@code --build-context NAME=DIR}): read like the build context
 * (their own {@code .dockerignore} applies, as in BuildKit), either as a {@code --from} tree or
 * as the root file system of a stage that starts {@code FROM NAME}.
 */
final class ContextTrees {

    private ContextTrees() {}

    /** The directory of {@code named} as a tree to copy from. */
    static CopyRoot root(BuildSession session, NamedContext named) {
        Path dir = ((NamedContext.Source.Directory) named.source()).path().toAbsolutePath();
        if (!Files.isDirectory(dir)) {
            throw new NotFoundException("build context \"" + named.name() + "\": directory " + dir + " does not exist");
        }
        return CopyRoot.directory(dir, ignore(dir), session.hasher, "build context " + named.name());
    }

    /** A stage {@code FROM NAME}: one layer holding the directory's visible files, on {@code scratch}. */
    static StageState asBase(BuildSession session, NamedContext named, StageState scratch) {
        try (CopyRoot root = root(session, named)) {
            var entries = root.selector().select(List.of("."), List.of(), false);
            CopyPart part = new CopyPart(".", root, entries, java.util.Optional.of(root.root()), false, "");
            var key = CacheKeys.of(scratch.cacheKey(), List.of("context", named.name(),
                    root.hasher().hash(entries).toString()));
            Layers layers = session.layers;
            BuildCache.Entry entry = session.cache.get(key).orElse(null);
            if (entry == null) {
                Instant started = session.epoch.stepTime();
                try (var active = layers.snapshotter().prepare(List.of())) {
                    TreeCopier copier = new TreeCopier(active.merged(), TreeCopier.Owner.KEEP, java.util.Optional.empty());
                    copier.copy(part, "/", true);
                    copier.finish();
                    entry = new BuildCache.Entry(layers.commit(active, "build context " + named.name()), started);
                }
                session.cache.put(key, entry);
            }
            return Steps.withResult(scratch, entry, "build context " + named.name(), key);
        } catch (IOException e) {
            throw new InternalException("cannot read build context " + named.name() + ": " + e.getMessage(), e);
        }
    }

    /** The directory's own {@code .dockerignore}, as BuildKit reads a named context's. */
    static IgnorePatterns ignore(Path dir) {
        Path file = dir.resolve(".dockerignore");
        if (!Files.isRegularFile(file)) {
            return IgnorePatterns.none();
        }
        try {
            return IgnorePatterns.parse(Files.readString(file, StandardCharsets.UTF_8), ".dockerignore");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
