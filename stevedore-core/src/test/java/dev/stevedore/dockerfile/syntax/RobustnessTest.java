package dev.stevedore.dockerfile.syntax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.diag.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Whatever the bytes, the parser returns a tree or throws InvalidInputException, quickly. */
class RobustnessTest {

    private static final String[] PIECES = {
        "FROM ", "RUN ", "COPY ", "ADD ", "ONBUILD ", "ENV ", "LABEL ", "ARG ", "HEALTHCHECK ", "CMD ", "SHELL ",
        "<<", "<<-", "3<<", "EOF", "'", "\"", "\\", "`", "[", "]", ",", "\"a\"", "1", "null", "{", "}", "$", "${",
        "=", " ", "\t", "\n", "\r\n", "#", "# escape=`\n", "# syntax=x\n", "--", "--flag=", "\uFEFF", "é", "\u00a0",
    };

    @Test
    @Timeout(60)
    void randomBytesAndTokenSoupNeverEscapeAsAnythingElse() {
        Random random = new Random(42);
        for (int i = 0; i < 5_000; i++) {
            byte[] input = i % 2 == 0 ? randomBytes(random) : tokenSoup(random);
            assertParsesOrRejects(input);
        }
    }

    @Test
    @Timeout(30)
    void hugeAndDeeplyNestedLinesAreFast() {
        String eight = "ONBUILD ".repeat(InstructionSplitter.MAX_ONBUILD_DEPTH) + "RUN x";
        assertThat(DumpPrinter.print(DockerfileSyntax.parse("Dockerfile", bytes("FROM a\n" + eight))))
                .endsWith("(onbuild ".repeat(8) + "(run \"x\")" + ")".repeat(8) + "\n");
        assertThatThrownBy(() -> DockerfileSyntax.parse("Dockerfile", bytes("FROM a\n" + "ONBUILD ".repeat(200_000))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("Dockerfile:2: ONBUILD nested more than 8 deep in ONBUILD ONBUILD");
        assertParsesOrRejects(bytes("FROM a\nCMD " + "[".repeat(100_000) + "]".repeat(100_000)));
        assertParsesOrRejects(bytes("FROM a\nCMD [\"" + "x".repeat(2_000_000) + "\"]"));
        assertParsesOrRejects(bytes("#" + " ".repeat(1_000_000) + "escape" + " ".repeat(1_000_000) + "=x"));
        assertParsesOrRejects(bytes("FROM a\nRUN " + "<<A ".repeat(50_000)));
        assertParsesOrRejects(bytes("FROM a\n" + "RUN x \\\n".repeat(100_000)));
        assertParsesOrRejects(bytes("FROM a\nENV " + "a=\"b c\" ".repeat(100_000)));
    }

    private static void assertParsesOrRejects(byte[] input) {
        assertThatCode(() -> {
            try {
                DumpPrinter.print(DockerfileSyntax.parse("Dockerfile", input));
            } catch (InvalidInputException expected) {
                assertThat(expected.diagnostic()).isPresent();
            }
        }).as("parsing %d bytes", input.length).doesNotThrowAnyException();
    }

    private static byte[] randomBytes(Random random) {
        byte[] bytes = new byte[random.nextInt(200)];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] tokenSoup(Random random) {
        var out = new StringBuilder();
        int n = random.nextInt(60);
        for (int i = 0; i < n; i++) {
            out.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return bytes(out.toString());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
