package dev.stevedore.api;

import dev.stevedore.context.BuildContext;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.diag.NotFoundException;
import dev.stevedore.fs.FileTrees;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Opens the build context a {@link BuildRequest} names, as {@code docker build} does: {@code -}
 * is standard input (a tar, or a Dockerfile alone), a regular file is a tar archive, anything
 * else a directory; {@code -f -} reads the Dockerfile from standard input.
 */
final class ContextOpener {

    private static final Path STDIN = Path.of("-");

    private ContextOpener() {}

    /** @param workDir where an archive is extracted: absent, private to this build, deleted by the caller */
    static BuildContext open(BuildRequest request, InputStream stdin, Path workDir) {
        return open(request.contextDir(), request.dockerfile(), stdin, workDir);
    }

    /** {@link #open(BuildRequest, InputStream, Path)} given the context and {@code -f} alone. */
    static BuildContext open(Path context, Optional<Path> dockerfile, InputStream stdin, Path workDir) {
        Optional<String> inside = dockerfile.map(Path::toString);
        if (context.equals(STDIN)) {
            if (dockerfile.equals(Optional.of(STDIN))) {
                throw new InvalidInputException("the context and the Dockerfile cannot both be read from standard input (-)");
            }
            return BuildContext.ofStdin(stdin, workDir, inside);
        }
        if (Files.isRegularFile(context)) {
            try (InputStream in = Files.newInputStream(context)) {
                return BuildContext.ofArchive(in, workDir, inside);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the build context " + context, e);
            }
        }
        if (!Files.exists(context)) {
            throw new NotFoundException("build context \"" + context + "\" does not exist");
        }
        if (dockerfile.equals(Optional.of(STDIN))) {
            try {
                return BuildContext.ofDirectory(context, stdin.readAllBytes());
            } catch (IOException e) {
                throw new InvalidInputException("cannot read the Dockerfile from standard input: " + e.getMessage(), e);
            }
        }
        return BuildContext.ofDirectory(context, dockerfile.map(Path::toAbsolutePath));
    }

    /** Removes an extracted context, if any. */
    static void delete(Path dir) {
        try {
            FileTrees.delete(dir);
        } catch (IOException e) {
            // what is left in the store's tmp/ is removed by the store's own cleanup
        }
    }
}
