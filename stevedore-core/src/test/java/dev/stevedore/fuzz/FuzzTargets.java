package dev.stevedore.fuzz;

import dev.stevedore.context.IgnorePatterns;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.dockerfile.DockerfileParser;
import dev.stevedore.dockerfile.shell.Env;
import dev.stevedore.dockerfile.shell.ShellLexer;
import dev.stevedore.dockerfile.syntax.DockerfileSyntax;
import dev.stevedore.dockerfile.syntax.DumpPrinter;
import dev.stevedore.layer.LayerApplier;
import dev.stevedore.layer.Whiteouts;
import dev.stevedore.oci.AnyReference;
import dev.stevedore.oci.ImageReference;
import dev.stevedore.oci.json.OciJson;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * What each fuzzed reader is given and what may come out of it. A target returns normally when
 * the reader accepted the input or refused it with an {@link InvalidInputException} (the error a
 * user sees as one sentence); anything else (a NullPointerException, an IndexOutOfBounds, a
 * StackOverflowError, an InternalException) propagates and is a finding. The same targets run
 * under Jazzer ({@link ReadersFuzzTest}) and under seeded mutations in every build
 * ({@link ReadersMutationTest}).
 */
final class FuzzTargets {

    private static final Env ENV = Env.of("A", "a", "EMPTY", "", "SPACES", " x  y ", "PAT", "*.go", "HOME", "/root");
    private static final String[] PATHS = {"", ".", "a", "a/b", "docs/README.md", "vendor/x/y.go", "..", "a/../b", "Dockerfile"};

    private static final int MAX_PATH = 256;

    private FuzzTargets() {}

    /** The syntax layer, its dump and the typed layer over the same bytes. */
    static void dockerfile(byte[] input) {
        try {
            var tree = DockerfileSyntax.parse("Dockerfile", input);
            DumpPrinter.print(tree);
            DockerfileParser.parse(tree);
        } catch (InvalidInputException refused) {
            requireMessage(refused);
        }
    }

    /** The word lexer: the first byte picks the escape character, raw mode and word splitting. */
    static void words(byte[] input) {
        int mode = input.length == 0 ? 0 : input[0];
        String text = utf8(input, 1);
        ShellLexer lexer = new ShellLexer((mode & 1) == 0 ? '\\' : '`');
        if ((mode & 2) != 0) {
            lexer = lexer.keepingQuotesAndEscapes();
        }
        try {
            if ((mode & 4) != 0) {
                lexer.expandWords(text, ENV);
            } else {
                lexer.expandWord(text, ENV);
            }
        } catch (InvalidInputException refused) {
            requireMessage(refused);
        }
    }

    /**
     * A {@code .dockerignore}: parsed, then asked about a few paths and the input's own short
     * lines as paths. Matching costs the pattern's length times the path's, and context paths are
     * short, so a megabyte-long line is tried as a pattern, not as a path.
     */
    static void ignore(byte[] input) {
        String text = utf8(input, 0);
        IgnorePatterns patterns;
        try {
            patterns = IgnorePatterns.parse(text, ".dockerignore");
        } catch (InvalidInputException refused) {
            requireMessage(refused);
            return;
        }
        Stream.concat(Arrays.stream(PATHS), text.lines().limit(16).filter(line -> line.length() <= MAX_PATH)).forEach(patterns::matches);
    }

    /** Image references, as FROM and pull read them, and any reference a tag or build context may hold. */
    static void reference(byte[] input) {
        String text = utf8(input, 0);
        for (Runnable parse : List.<Runnable>of(() -> ImageReference.parse(text), () -> ImageReference.parseDockerRef(text),
                () -> AnyReference.parse(text))) {
            try {
                parse.run();
            } catch (InvalidInputException refused) {
                requireMessage(refused);
            }
        }
    }

    /** Manifests, indexes and configs: the same bytes through every reader. */
    static void ociJson(byte[] input) {
        for (Runnable read : List.<Runnable>of(() -> OciJson.readManifest(input, "fuzz"),
                () -> OciJson.readIndex(input, "fuzz"), () -> OciJson.readConfig(input, "fuzz"))) {
            try {
                read.run();
            } catch (InvalidInputException refused) {
                requireMessage(refused);
            }
        }
    }

    /**
     * A layer (tar, gzip or zstd) applied to an empty directory that has a sibling canary:
     * besides a clean refusal, nothing may appear or change beside the target.
     */
    static void layer(byte[] input) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("stevedore-fuzz-layer");
            Path target = Files.createDirectory(dir.resolve("target"));
            Path canary = Files.writeString(dir.resolve("canary"), "canary");
            try {
                LayerApplier.apply(new ByteArrayInputStream(input), target, Whiteouts.DELETE);
            } catch (InvalidInputException refused) {
                requireMessage(refused);
            }
            try (Stream<Path> beside = Files.list(dir)) {
                List<String> names = beside.map(p -> p.getFileName().toString()).sorted().toList();
                if (!names.equals(List.of("canary", "target")) || !Files.readString(canary).equals("canary")) {
                    throw new AssertionError("a layer wrote beside its target: " + names);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (dir != null) {
                deleteTree(dir);
            }
        }
    }

    private static void requireMessage(InvalidInputException refused) {
        if (refused.getMessage() == null || refused.getMessage().isBlank()) {
            throw new AssertionError("a refusal without a sentence", refused);
        }
    }

    private static String utf8(byte[] input, int from) {
        return new String(input, Math.min(from, input.length), Math.max(0, input.length - from), StandardCharsets.UTF_8);
    }

    private static void deleteTree(Path dir) {
        try {
            dev.stevedore.fs.FileTrees.delete(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
