package dev.stevedore.exec;

import dev.stevedore.context.IgnorePatterns;
import dev.stevedore.diag.NotFoundException;
import dev.stevedore.plan.NamedContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Named context directories ({@code --build-context NAME=DIR}): read like the build context
 * (their own {@code .dockerignore} applies, as in BuildKit), as a {@code --from} tree or as the
 * root file system of a stage that starts {@code FROM NAME} ({@link FromStep}).
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
