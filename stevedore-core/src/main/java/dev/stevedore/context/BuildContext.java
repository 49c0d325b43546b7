package dev.stevedore.context;

import dev.stevedore.archive.StreamCompression;
import dev.stevedore.archive.TarHeaders;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.diag.NotFoundException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The build context: a directory tree COPY and ADD read from, the Dockerfile, and the
 * {@code .dockerignore} patterns, opened as {@code docker build} opens them.
 *
 * <ul>
 *   <li>{@link #ofDirectory}: a directory; {@code -f} anywhere on the host, inside the context
 *       or not; by default {@code <context>/Dockerfile} (or {@code dockerfile}).
 *   <li>{@link #ofArchive}: a tar, plain or gzip/bzip2/zstd (by content), extracted once into a
 *       private directory as a hostile archive ({@link TarExtractor}); {@code -f} names a path
 *       inside it.
 *   <li>{@link #ofStdin}: {@code docker build -}: a tar (maybe compressed) is the context;
 *       anything else is a Dockerfile alone, with an empty context.
 * </ul>
 *
 * <p>The ignore file is {@code <Dockerfile>.dockerignore} next to the Dockerfile when it exists,
 * else {@code .dockerignore} at the context root. The Dockerfile and the ignore file are read
 * even when the patterns exclude them; COPY sees them only when they are not excluded.
 *
 * <p>Nothing outside the context root is ever read through it, but for a Dockerfile (and its
 * ignore file) that {@code -f} names on the host: paths resolve like a chroot
 * ({@link #resolve}). Immutable; safe for concurrent use as long as the tree does not change.
 */
public final class BuildContext {

    private static final String DEFAULT_DOCKERFILE = "Dockerfile";

    private final ContextResolver resolver;
    private final DockerfileInput dockerfile;
    private final IgnorePatterns ignore;
    private final SourceSelector selector;

    private BuildContext(Path root, DockerfileInput dockerfile, IgnorePatterns ignore) {
        this.resolver = new ContextResolver(root);
        this.dockerfile = dockerfile;
        this.ignore = ignore;
        this.selector = new SourceSelector(resolver, ignore);
    }

    /**
     * The context in directory {@code dir}, the Dockerfile at {@code dockerfile} (a host path,
     * anywhere) or else {@code dir/Dockerfile}, found inside the context.
     *
     * @throws NotFoundException naming the directory or Dockerfile that does not exist
     * @throws InvalidInputException when the ignore file has a malformed pattern
     */
    public static BuildContext ofDirectory(Path dir, Optional<Path> dockerfile) {
        Path root = contextRoot(dir);
        ContextResolver resolver = new ContextResolver(root);
        if (dockerfile.isPresent()) {
            Path file = dockerfile.get();
            DockerfileInput input = new DockerfileInput(displayName(root, file), readHostDockerfile(file));
            Path specific = file.resolveSibling(file.getFileName() + ".dockerignore");
            Optional<IgnorePatterns> own = readIgnore(specific, specific.getFileName().toString());
            return new BuildContext(root, input, own.orElseGet(() -> rootIgnore(resolver)));
        }
        String name = Files.exists(root.resolve(DEFAULT_DOCKERFILE), LinkOption.NOFOLLOW_LINKS)
                || !Files.exists(root.resolve("dockerfile"), LinkOption.NOFOLLOW_LINKS) ? DEFAULT_DOCKERFILE : "dockerfile";
        return inside(resolver, name);
    }

    /**
     * The context in {@code dir} with a Dockerfile given as bytes ({@code -f -}); the ignore file
     * is the context's {@code .dockerignore}.
     */
    public static BuildContext ofDirectory(Path dir, byte[] dockerfile) {
        Path root = contextRoot(dir);
        return new BuildContext(root, new DockerfileInput(DEFAULT_DOCKERFILE, dockerfile), rootIgnore(new ContextResolver(root)));
    }

    /**
     * The context in the tar {@code archive} (plain, gzip, bzip2 or zstd), extracted into
     * {@code workDir}, which must be empty or absent and private to this build; the caller
     * removes it after the build. The Dockerfile is {@code dockerfile} inside it, else
     * {@code Dockerfile}.
     *
     * @throws InvalidInputException when the archive is not a tar or an entry is refused
     * @throws NotFoundException     when the archive holds no such Dockerfile
     */
    public static BuildContext ofArchive(InputStream archive, Path workDir, Optional<String> dockerfile) {
        try {
            BufferedInputStream in = new BufferedInputStream(archive, 64 * 1024);
            InputStream tar = decompressed(in, StreamCompression.peek(in), "the build context archive");
            if (!isTar(tar)) {
                throw new InvalidInputException("the build context archive is not a tar archive");
            }
            return extracted(tar, workDir, dockerfile);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read the build context archive: " + e.getMessage(), e);
        }
    }

    /**
     * The context {@code docker build -} reads from standard input: a tar (plain or compressed)
     * is the context, as {@link #ofArchive}; anything else is the Dockerfile, and the context is
     * {@code workDir}, empty.
     *
     * @throws InvalidInputException when {@code dockerfile} is given but standard input is a
     *                               Dockerfile, or compressed input is not a tar
     */
    public static BuildContext ofStdin(InputStream stdin, Path workDir, Optional<String> dockerfile) {
        try {
            BufferedInputStream in = new BufferedInputStream(stdin, 64 * 1024);
            StreamCompression compression = StreamCompression.peek(in);
            InputStream tar = decompressed(in, compression, "standard input");
            if (isTar(tar)) {
                return extracted(tar, workDir, dockerfile);
            }
            if (compression != StreamCompression.NONE) {
                throw new InvalidInputException("standard input is " + compression.kind() + "-compressed but is not a tar archive");
            }
            if (dockerfile.isPresent()) {
                throw new InvalidInputException("-f " + dockerfile.get() + " cannot be used when standard input is a Dockerfile rather than a context archive");
            }
            byte[] content = tar.readAllBytes();
            Path root = emptyDir(workDir);
            return new BuildContext(root, new DockerfileInput(DEFAULT_DOCKERFILE, content), IgnorePatterns.none());
        } catch (IOException e) {
            throw new InvalidInputException("cannot read the build context from standard input: " + e.getMessage(), e);
        }
    }

    /** The root directory of the context on the host. */
    public Path root() {
        return resolver.root();
    }

    /** The Dockerfile, read. */
    public DockerfileInput dockerfile() {
        return dockerfile;
    }

    /** The {@code .dockerignore} patterns in force. */
    public IgnorePatterns ignorePatterns() {
        return ignore;
    }

    /**
     * Where a COPY/ADD source path is: cleaned against the root ({@code ../x} is {@code x}),
     * symlinks in parent components followed inside the context, the last component not followed.
     * The path need not exist.
     *
     * @throws InvalidInputException on a symlink loop
     */
    public ContextPath resolve(String source) {
        return resolver.resolve(source, false);
    }

    /** The entries COPY/ADD {@code sources} read: see {@link SourceSelector}. */
    public List<SelectedEntry> select(List<String> sources, List<String> excludes, boolean parents) {
        return selector.select(sources, excludes, parents);
    }

    /** {@link #select(List, List, boolean)} without {@code --parents}. */
    public List<SelectedEntry> select(List<String> sources, List<String> excludes) {
        return selector.select(sources, excludes, false);
    }

    private static BuildContext extracted(InputStream tar, Path workDir, Optional<String> dockerfile) throws IOException {
        Path root = emptyDir(workDir);
        TarExtractor.extract(tar, root);
        return inside(new ContextResolver(root), dockerfile.orElse(DEFAULT_DOCKERFILE));
    }

    /** A context whose Dockerfile is {@code name} inside it, and so is its ignore file. */
    private static BuildContext inside(ContextResolver resolver, String name) {
        ContextPath at = resolver.resolve(name, true);
        if (!Files.isRegularFile(at.hostPath(), LinkOption.NOFOLLOW_LINKS)) {
            throw new NotFoundException("no Dockerfile \"" + name + "\" in the build context");
        }
        DockerfileInput input = new DockerfileInput(name, read(at.hostPath()));
        ContextPath specific = resolver.resolve(at.path() + ".dockerignore", true);
        Optional<IgnorePatterns> own = readIgnore(specific.hostPath(), specific.name());
        return new BuildContext(resolver.root(), input, own.orElseGet(() -> rootIgnore(resolver)));
    }

    private static IgnorePatterns rootIgnore(ContextResolver resolver) {
        ContextPath general = resolver.resolve(".dockerignore", true);
        return readIgnore(general.hostPath(), ".dockerignore").orElse(IgnorePatterns.none());
    }

    /** The patterns in {@code file} when it is a regular file (already resolved: not followed). */
    private static Optional<IgnorePatterns> readIgnore(Path file, String name) {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        return Optional.of(IgnorePatterns.parse(new String(read(file), StandardCharsets.UTF_8), name));
    }

    private static byte[] readHostDockerfile(Path file) {
        if (!Files.exists(file)) {
            throw new NotFoundException("Dockerfile \"" + file + "\" does not exist");
        }
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("Dockerfile \"" + file + "\" is not a regular file");
        }
        return read(file);
    }

    /** As BuildKit names a {@code -f} file in errors: relative to the context when inside it, else as given. */
    private static String displayName(Path root, Path file) {
        try {
            Path real = file.toRealPath();
            return real.startsWith(root) && !real.equals(root) ? root.relativize(real).toString() : file.toString();
        } catch (IOException e) {
            return file.toString(); // reading it reports what is wrong
        }
    }

    private static Path contextRoot(Path dir) {
        if (!Files.exists(dir)) {
            throw new NotFoundException("build context directory \"" + dir + "\" does not exist");
        }
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException("build context \"" + dir + "\" is not a directory");
        }
        try {
            // the root itself may be reached through symlinks; what is under it may not leave it
            return dir.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the build context " + dir, e);
        }
    }

    private static Path emptyDir(Path dir) throws IOException {
        Files.createDirectories(dir);
        try (var entries = Files.list(dir)) {
            if (entries.findAny().isPresent()) {
                throw new IllegalStateException("the context work directory " + dir + " is not empty");
            }
        }
        return dir.toRealPath();
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** {@code in} decompressed and buffered, so it can be peeked at. */
    private static InputStream decompressed(InputStream in, StreamCompression compression, String what)
            throws IOException {
        return new BufferedInputStream(compression.decompress(in, kind -> "the " + kind + " stream of " + what),
                64 * 1024);
    }

    /**
     * Whether {@code in} (mark/reset supported) starts as a tar does, as {@code docker build}
     * asks: a header with a valid checksum (ustar, GNU and v7 tars alike), or the zero block of
     * an empty tar.
     */
    private static boolean isTar(InputStream in) throws IOException {
        in.mark(TarHeaders.BLOCK);
        byte[] block;
        try {
            block = in.readNBytes(TarHeaders.BLOCK);
        } finally {
            in.reset();
        }
        return TarHeaders.isZero(block) || TarHeaders.hasValidChecksum(block);
    }
}
