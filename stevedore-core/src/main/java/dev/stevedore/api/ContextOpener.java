package dev.stevedore.api;

import dev.stevedore.context.BuildContext;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.diag.NotFoundException;
import dev.stevedore.exec.sources.Downloaded;
import dev.stevedore.exec.sources.Downloads;
import dev.stevedore.exec.sources.Git;
import dev.stevedore.exec.sources.GitCheckout;
import dev.stevedore.exec.sources.GitRef;
import dev.stevedore.fs.FileTrees;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Opens the build context a {@link BuildRequest} names, as {@code docker build} does: {@code -}
 * is standard input (a tar, or a Dockerfile alone), a regular file is a tar archive, anything
 * else a directory; {@code -f -} reads the Dockerfile from standard input.
 */
final class ContextOpener {

    private static final Path STDIN = Path.of("-");

    private ContextOpener() {}

    /**
     * @param workDir    where an archive is extracted: absent, private to this build, deleted by the caller
     * @param checkedOut told the checkout of a git context (its commit goes into provenance)
     */
    static BuildContext open(BuildRequest request, InputStream stdin, Path workDir, Consumer<GitCheckout> checkedOut) {
        return open(request.contextUrl(), request.contextDir(), request.dockerfile(), stdin, workDir, checkedOut);
    }

    /** {@link #open(BuildRequest, InputStream, Path, Consumer)} given the context (a URL, else a path) and {@code -f} alone. */
    static BuildContext open(Optional<String> contextUrl, Path context, Optional<Path> dockerfile, InputStream stdin,
                             Path workDir) {
        return open(contextUrl, context, dockerfile, stdin, workDir, c -> { });
    }

    private static BuildContext open(Optional<String> contextUrl, Path context, Optional<Path> dockerfile,
                                     InputStream stdin, Path workDir, Consumer<GitCheckout> checkedOut) {
        if (contextUrl.isPresent()) {
            return remote(contextUrl.get(), dockerfile, workDir, checkedOut);
        }
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

    /**
     * A context {@code docker build URL} names: a git repository ({@code #ref:subdir} as for ADD)
     * checked out, or a tar archive downloaded over http(s) and extracted; {@code -f} is a path in it.
     */
    private static BuildContext remote(String url, Optional<Path> dockerfile, Path workDir,
                                       Consumer<GitCheckout> checkedOut) {
        try {
            Files.createDirectories(workDir);
            Optional<GitRef> git = GitRef.parse(url);
            if (git.isPresent()) {
                GitCheckout checkout = Git.checkout(git.get(), false, workDir);
                checkedOut.accept(checkout);
                return BuildContext.ofDirectory(checkout.dir(), dockerfile.map(checkout.dir()::resolve));
            }
            URI uri = URI.create(url);
            Downloaded archive = Downloads.withDefaults().fetch(uri, Optional.empty(),
                    Files.createDirectory(workDir.resolve("download")));
            try (InputStream in = Files.newInputStream(archive.file())) {
                return BuildContext.ofArchive(in, workDir.resolve("context"), dockerfile.map(Path::toString));
            }
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("build context \"" + url + "\" is not a URL: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot fetch the build context " + url + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code text} names a remote context rather than a path: a git reference or an http(s) URL. */
    static boolean isUrl(String text) {
        return GitRef.parse(text).isPresent() || text.startsWith("http://") || text.startsWith("https://");
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
