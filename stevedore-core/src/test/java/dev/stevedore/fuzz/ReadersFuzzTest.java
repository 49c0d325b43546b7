package dev.stevedore.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of every reader of untrusted bytes, with Jazzer. In a normal build
 * these run in Jazzer's regression mode: each target replays the inputs kept under
 * {@code src/test/resources/dev/stevedore/fuzz/ReadersFuzzTestInputs/<target>/} (seeds and every
 * crash found so far). {@code mvn -Pfuzz -Dtest='ReadersFuzzTest#dockerfile'} fuzzes one target
 * (Jazzer fuzzes one per JVM) for {@link #DURATION}; {@code bench/fuzz/run.sh} runs them all.
 */
class ReadersFuzzTest {

    /** The length of one target's fuzzing run; regression mode ignores it. */
    private static final String DURATION = "2m";

    @FuzzTest(maxDuration = DURATION)
    void dockerfile(FuzzedDataProvider data) {
        FuzzTargets.dockerfile(data.consumeRemainingAsBytes());
    }

    @FuzzTest(maxDuration = DURATION)
    void words(FuzzedDataProvider data) {
        FuzzTargets.words(data.consumeRemainingAsBytes());
    }

    @FuzzTest(maxDuration = DURATION)
    void ignore(FuzzedDataProvider data) {
        FuzzTargets.ignore(data.consumeRemainingAsBytes());
    }

    @FuzzTest(maxDuration = DURATION)
    void reference(FuzzedDataProvider data) {
        FuzzTargets.reference(data.consumeRemainingAsBytes());
    }

    @FuzzTest(maxDuration = DURATION)
    void ociJson(FuzzedDataProvider data) {
        FuzzTargets.ociJson(data.consumeRemainingAsBytes());
    }

    @FuzzTest(maxDuration = DURATION)
    void layer(FuzzedDataProvider data) {
        FuzzTargets.layer(data.consumeRemainingAsBytes());
    }
}
