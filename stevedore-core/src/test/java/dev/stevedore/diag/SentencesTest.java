package dev.stevedore.diag;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import org.junit.jupiter.api.Test;

/** What a user reads stays a sentence: long words and texts cut, null messages named. */
class SentencesTest {

    @Test
    void aPathOf5000CharactersIsCutToItsEnds() {
        String path = "/ctx/" + "a".repeat(4_991) + "/end";
        String shortened = Sentences.shorten("COPY failed: " + path + " not found");

        assertThat(shortened).startsWith("COPY failed: /ctx/aaa").endsWith("aaa/end not found")
                .contains("…(5,000 characters)…").hasSizeLessThan(250);
    }

    @Test
    void aMegabyteOfWordsIsCutToItsEnds() {
        String run = "RUN " + "echo a && ".repeat(100_000) + "false";
        String shortened = Sentences.shorten("process \"/bin/sh -c " + run + "\" did not complete");

        assertThat(shortened).startsWith("process \"/bin/sh -c RUN echo a").endsWith("&& false\" did not complete")
                .contains("characters)…").hasSizeLessThanOrEqualTo(Sentences.LONGEST_TEXT + 40);
        assertThat(Sentences.shorten("a short sentence")).isEqualTo("a short sentence");
    }

    @Test
    void exceptionsWithoutAMessageSayWhatHappened() {
        assertThat(Sentences.reason(new ClosedByInterruptException())).isEqualTo("interrupted");
        assertThat(Sentences.reason(new IOException("disk on fire"))).isEqualTo("disk on fire");
        assertThat(Sentences.reason(new IOException((String) null))).isEqualTo("ioexception");
    }

    @Test
    void runningOutOfMemoryAnywhereInTheChainIsNamedWithWhatToDo() {
        Throwable wrapped = new InternalException("step failed", new RuntimeException(new OutOfMemoryError("Java heap space")));

        assertThat(Sentences.outOfMemory(wrapped)).isPresent();
        assertThat(Sentences.outOfMemory("the build", Sentences.outOfMemory(wrapped).orElseThrow()))
                .startsWith("the build ran out of memory (Java heap space, with a heap of at most ")
                .endsWith(" MiB); raise -Xmx (for example JAVA_TOOL_OPTIONS=-Xmx4g) or give the machine more memory");
        assertThat(Sentences.outOfMemory(new IOException("x"))).isEmpty();
    }
}
