package dev.stevedore.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class PrerequisitesTest {

    @Test
    void aToolOnThePathIsFound() {
        assertThat(in("all", () -> Prerequisites.tool("sh"))).isExecutable().hasFileName("sh");
    }

    @Test
    void aMissingToolFailsTheTestWithTheSentenceThatSaysHowToInstallIt() {
        assertThatThrownBy(() -> in("all", () -> Prerequisites.tool("stevedore-no-such-tool")))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageStartingWith("needs stevedore-no-such-tool, which is not on the PATH: ")
                .hasMessageContaining("tools/prerequisites.sh")
                .hasMessageEndingWith("; or ./test.sh -Dstevedore.tests=unprivileged for only the tests that need"
                        + " neither root nor system tools");
    }

    @Test
    void thePartialRunSkipsWhatNeedsAToolEvenWhenItIsThere() {
        assertThatThrownBy(() -> in("unprivileged", () -> Prerequisites.tool("sh")))
                .isInstanceOf(TestAbortedException.class)
                .hasMessage("needs sh, and this is the partial run ./test.sh -Dstevedore.tests=unprivileged");
    }

    @Test
    void thePartialRunSkipsWhatNeedsRoot() {
        assertThatThrownBy(() -> in("unprivileged", () -> {
            Prerequisites.root();
            return null;
        })).isInstanceOf(TestAbortedException.class).hasMessageContaining("needs root, and this is the partial run");
    }

    /** What {@code body} gives with {@code stevedore.tests} set to {@code mode}, restored after. */
    private static <T> T in(String mode, Supplier<T> body) {
        String before = System.getProperty("stevedore.tests");
        System.setProperty("stevedore.tests", mode);
        try {
            return body.get();
        } finally {
            if (before == null) {
                System.clearProperty("stevedore.tests");
            } else {
                System.setProperty("stevedore.tests", before);
            }
        }
    }
}
