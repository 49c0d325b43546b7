package dev.stevedore.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stevedore.context.ContentHasher;
import dev.stevedore.context.IgnorePatterns;
import dev.stevedore.context.SelectedEntry;
import dev.stevedore.context.StatCache;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.testing.Conformance;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * moby/patternmatcher's vectors ({@code ../shared/conformance/ignore-patterns/}) run through what
 * the engine really does with patterns: a {@code .dockerignore} hides the path from a COPY of the
 * whole context, and the same patterns as {@code COPY --exclude} leave it out of the copy.
 */
class IgnoreVectorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @TestFactory
    Stream<DynamicTest> vectors() throws IOException {
        Path file = Conformance.dir("ignore-patterns").resolve("vectors.tsv");
        List<String> rows = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<DynamicTest> tests = new ArrayList<>();
        int n = 0;
        for (String row : rows.subList(1, rows.size())) {
            String[] c = row.split("\t", -1);
            if (row.isBlank() || !(c[5].equals("any") || c[5].equals("unix")) || !usable(c[3])) {
                continue;
            }
            List<String> patterns = Arrays.asList(JSON.readValue(c[2], String[].class));
            Path tree = dir.resolve("t" + n++);
            String name = c[0] + " " + c[2] + " " + c[3] + " → " + c[4];
            tests.add(DynamicTest.dynamicTest(".dockerignore: " + name, () -> dockerignore(tree.resolve("i"), patterns, c[3], c[4])));
            tests.add(DynamicTest.dynamicTest("--exclude: " + name, () -> exclude(tree.resolve("e"), patterns, c[3], c[4])));
        }
        assertThat(tests).hasSizeGreaterThan(60);
        return tests.stream();
    }

    /** Paths a context can hold: relative, clean, naming a file. */
    private static boolean usable(String path) {
        return !path.isEmpty() && !path.startsWith("/") && !path.endsWith("/") && !path.equals(".")
                && Arrays.stream(path.split("/")).noneMatch(p -> p.equals("..") || p.equals(".") || p.isEmpty());
    }

    private static void dockerignore(Path root, List<String> patterns, String path, String expected) throws IOException {
        make(root, path);
        if (expected.equals("error")) {
            assertThatThrownBy(() -> IgnorePatterns.parse(String.join("\n", patterns), ".dockerignore"))
                    .isInstanceOf(InvalidInputException.class);
            return;
        }
        IgnorePatterns ignore = IgnorePatterns.parse(String.join("\n", patterns), ".dockerignore");
        List<String> sources = copied(CopyRoot.directory(root, ignore, new ContentHasher(StatCache.none()), "ctx"),
                List.of()).stream()
                .map(e -> root.relativize(e.hostPath()).toString()).toList();
        if (Boolean.parseBoolean(expected)) {
            assertThat(sources).as("hidden by .dockerignore").doesNotContain(path);
        } else {
            assertThat(sources).as("visible despite .dockerignore").contains(path);
        }
    }

    private static void exclude(Path root, List<String> patterns, String path, String expected) throws IOException {
        make(root, path);
        CopyRoot tree = CopyRoot.directory(root, IgnorePatterns.none(), new ContentHasher(StatCache.none()), "ctx");
        if (expected.equals("error")) {
            assertThatThrownBy(() -> copied(tree, patterns)).isInstanceOf(InvalidInputException.class);
            return;
        }
        List<String> sources = copied(tree, patterns).stream()
                .map(e -> root.relativize(e.hostPath()).toString()).toList();
        if (Boolean.parseBoolean(expected)) {
            assertThat(sources).as("left out by --exclude").doesNotContain(path);
        } else {
            assertThat(sources).as("copied despite --exclude").contains(path);
        }
    }

    private static List<SelectedEntry> copied(CopyRoot root, List<String> excludes) {
        return root.selector().select(List.of("."), excludes, false);
    }

    private static void make(Path root, String path) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "x");
    }
}
