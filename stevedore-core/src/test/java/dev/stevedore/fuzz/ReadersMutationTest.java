package dev.stevedore.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The fuzz targets of {@link FuzzTargets} fed seeded mutations of their seeds in every build:
 * a few seconds each. {@code -Dstevedore.fuzz.scale=N} multiplies the number of inputs (the
 * long run of RELIABILITY.md). A failure names the input in base64 and keeps it under
 * {@code target/fuzz-findings/}; fixed, it joins Jazzer's inputs as a regression test.
 * The timeouts guard against hangs; they are not performance assertions.
 */
class ReadersMutationTest {

    private static final int SCALE = Integer.getInteger("stevedore.fuzz.scale", 1);

    @Test
    @Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void dockerfile() {
        fuzz("dockerfile", Seeds::dockerfile, FuzzTargets::dockerfile, 3_000);
    }

    @Test
    @Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void words() {
        fuzz("words", Seeds::words, FuzzTargets::words, 20_000);
    }

    @Test
    @Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void ignore() {
        fuzz("ignore", Seeds::ignore, FuzzTargets::ignore, 10_000);
    }

    @Test
    @Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void reference() {
        fuzz("reference", Seeds::reference, FuzzTargets::reference, 20_000);
    }

    @Test
    @Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void ociJson() {
        fuzz("ociJson", Seeds::ociJson, FuzzTargets::ociJson, 5_000);
    }

    @Test
    @Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void layer() {
        fuzz("layer", Seeds::layer, FuzzTargets::layer, 1_000);
    }

    /** A megabyte of nesting in each reader: parsed or refused, never a StackOverflowError or a hang. */
    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aMegabyteOfNestingFailsFast() {
        int depth = 1 << 20 / 2;
        String nested = "${A:-".repeat(depth / 5) + "x" + "}".repeat(depth / 5);
        for (int mode = 0; mode < 8; mode++) {
            FuzzTargets.words(Seeds.concat(new byte[] {(byte) mode}, Seeds.utf8(nested)));
            FuzzTargets.words(Seeds.concat(new byte[] {(byte) mode}, Seeds.utf8("${".repeat(depth / 2))));
        }
        FuzzTargets.dockerfile(Seeds.utf8("FROM busybox\nENV X=" + nested + "\nCOPY " + nested + " /\n"));
        FuzzTargets.dockerfile(Seeds.utf8("FROM " + nested + "\n"));
        FuzzTargets.ignore(Seeds.utf8("[".repeat(depth) + "\n" + "*".repeat(depth) + "\n" + "**/".repeat(depth / 3)));
        FuzzTargets.reference(Seeds.utf8("a/".repeat(depth / 2) + "b"));
        FuzzTargets.ociJson(Seeds.utf8("[".repeat(depth) + "]".repeat(depth)));
        FuzzTargets.ociJson(Seeds.utf8("{\"a\":".repeat(depth / 5) + "1" + "}".repeat(depth / 5)));
    }

    private static void fuzz(String target, Supplier<List<byte[]>> seeds, Consumer<byte[]> run, int inputs) {
        List<byte[]> start = seeds.get();
        assertThat(start).isNotEmpty();
        start.forEach(run);
        Mutator mutator = new Mutator(target.hashCode(), start);
        for (int i = 0; i < inputs * SCALE; i++) {
            byte[] input = mutator.next();
            try {
                run.accept(input);
            } catch (Throwable finding) {
                throw new AssertionError(target + " input " + i + " (" + keep(target, i, input) + "): " + finding, finding);
            }
        }
    }

    private static String keep(String target, int i, byte[] input) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "fuzz-findings"));
            Files.write(dir.resolve(target + "-" + i), input);
        } catch (IOException e) {
            // the base64 below is enough to reproduce it
        }
        return input.length > 4096 ? input.length + " bytes, kept in target/fuzz-findings"
                : "base64 " + Base64.getEncoder().encodeToString(input);
    }
}
