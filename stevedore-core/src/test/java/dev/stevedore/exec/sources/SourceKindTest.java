package dev.stevedore.exec.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.diag.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The table {@code exec/sources/source-kinds.tsv}: which ADD sources are git, URL or local. */
class SourceKindTest {

    @TestFactory
    List<DynamicTest> table() throws IOException {
        String text;
        try (InputStream in = getClass().getResourceAsStream("/exec/sources/source-kinds.tsv")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<DynamicTest> tests = text.lines()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(l -> DynamicTest.dynamicTest(l, () -> check(l.split("\t", -1))))
                .toList();
        assertThat(tests).hasSizeGreaterThan(30);
        return tests;
    }

    private static void check(String[] row) {
        SourceKind kind = SourceKind.of(row[0]);
        switch (row[1]) {
            case "git" -> {
                assertThat(kind).isInstanceOf(SourceKind.Git.class);
                GitRef ref = ((SourceKind.Git) kind).ref();
                assertThat(ref.remote()).isEqualTo(row[2]);
                assertThat(ref.ref()).isEqualTo(optional(row[3]));
                assertThat(ref.subdir()).isEqualTo(optional(row[4]));
            }
            case "url" -> assertThat(kind).isEqualTo(new SourceKind.Url(java.net.URI.create(row[0])));
            case "local" -> assertThat(kind).isEqualTo(new SourceKind.Local(row[0]));
            default -> throw new AssertionError("bad kind column: " + row[1]);
        }
    }

    private static Optional<String> optional(String cell) {
        return cell.equals("-") ? Optional.empty() : Optional.of(cell);
    }

    @Test
    void anUnparseableUrlIsAnErrorNamingIt() {
        assertThatThrownBy(() -> SourceKind.of("https://exa mple.com/a.tar"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("invalid URL \"https://exa mple.com/a.tar\": Illegal character in authority at index 11");
    }

    @Test
    void aUrlWithoutHostIsAnError() {
        assertThatThrownBy(() -> SourceKind.of("https:///a.tar"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("invalid URL \"https:///a.tar\": it names no host");
    }

    @Test
    void passwordsAreHiddenInMessagesAndInTheRefsText() {
        assertThatThrownBy(() -> SourceKind.of("https://u:pw@exa mple.com/a"))
                .hasMessageNotContaining("pw")
                .hasMessageContaining("u:xxxxx@");
        GitRef ref = GitRef.parse("https://u:pw@example.com/r.git#v1:docs").orElseThrow();
        assertThat(ref).hasToString("https://u:xxxxx@example.com/r.git#v1:docs");
        assertThat(ref.remote()).isEqualTo("https://u:pw@example.com/r.git");
    }

    @Test
    void commitShasAreFullLowerCaseHex() {
        GitRef base = GitRef.of("git@h:r");
        assertThat(base.at("0123456789abcdef0123456789abcdef01234567").refIsCommit()).isTrue();
        assertThat(base.at("0123456789abcdef0123456789abcdef01234567".repeat(2).substring(0, 64)).refIsCommit()).isTrue();
        assertThat(base.at("0123456").refIsCommit()).isFalse();
        assertThat(base.at("0123456789ABCDEF0123456789ABCDEF01234567").refIsCommit()).isFalse();
        assertThat(base.at("main").refIsCommit()).isFalse();
        assertThat(base.refIsCommit()).isFalse();
    }

    @Test
    void emptyRefAndSubdirAreAbsent() {
        assertThat(new GitRef("r", Optional.of(""), Optional.of(""))).isEqualTo(GitRef.of("r"));
    }
}
