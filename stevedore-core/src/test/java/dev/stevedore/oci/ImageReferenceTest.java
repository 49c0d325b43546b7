package dev.stevedore.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.diag.InvalidInputException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageReferenceTest {

    private static final String SHA = "sha256:" + "a".repeat(64);

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            alpine                         | docker.io/library/alpine:latest             | alpine:latest
            alpine:3.20                    | docker.io/library/alpine:3.20               | alpine:3.20
            library/alpine                 | docker.io/library/alpine:latest             | alpine:latest
            index.docker.io/alpine         | docker.io/library/alpine:latest             | alpine:latest
            docker.io/bitnami/redis:7      | docker.io/bitnami/redis:7                   | bitnami/redis:7
            localhost:5000/a/b:t           | localhost:5000/a/b:t                        | localhost:5000/a/b:t
            localhost/app                  | localhost/app:latest                        | localhost/app:latest
            ghcr.io/org/tool               | ghcr.io/org/tool:latest                     | ghcr.io/org/tool:latest
            [::1]:5000/app:dev             | [::1]:5000/app:dev                          | [::1]:5000/app:dev
            """)
    void normalizesAsDockerPulls(String input, String full, String familiar) {
        ImageReference ref = ImageReference.parseDockerRef(input);
        assertThat(ref).hasToString(full);
        assertThat(ref.familiarString()).isEqualTo(familiar);
    }

    @Test
    void keepsTagAndDigestWhenBothAreWritten() {
        ImageReference ref = ImageReference.parse("host.example/ns/repo:1.0@" + SHA);
        assertThat(ref.domain()).isEqualTo("host.example");
        assertThat(ref.path()).isEqualTo("ns/repo");
        assertThat(ref.tag()).contains("1.0");
        assertThat(ref.digest()).contains(Digest.parse(SHA));
        assertThat(ref.tagOrDigest()).isEqualTo(SHA);
        assertThat(ImageReference.parseDockerRef("host.example/ns/repo:1.0@" + SHA))
                .hasToString("host.example/ns/repo@" + SHA);
    }

    @Test
    void withersCheckTheGrammar() {
        ImageReference ref = ImageReference.parse("alpine");
        assertThat(ref.tagOrDigest()).isEqualTo("latest");
        assertThat(ref.withTag("edge")).hasToString("docker.io/library/alpine:edge");
        assertThatThrownBy(() -> ref.withTag("-bad"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("tag \"-bad\"");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            Alpine                    | invalid reference format: repository name (library/Alpine) must be lowercase
            docker.io/library/Alpine  | invalid reference format: repository name (library/Alpine) must be lowercase
            alpine:-x                 | invalid reference format: tag "-x" in "docker.io/library/alpine:-x" must be
            alpine@sha256:abc         | invalid reference format: digest in "docker.io/library/alpine@sha256:abc": invalid digest "sha256:abc"
            alpine@md5:abc            | unsupported algorithm "md5"
            a.b_c/x                   | invalid reference format: registry (a.b_c) in "a.b_c/x" is not a valid host[:port]
            a//b                      | invalid reference format: repository name "docker.io/a//b" must be lower-case letters
            ''                        | invalid reference format: repository name must have at least one component
            ex.com/a b                | repository name "ex.com/a b" must be
            """)
    void rejectsWithAMessageNamingTheProblem(String input, String message) {
        assertThatThrownBy(() -> ImageReference.parse(input == null ? "" : input))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(message);
    }

    @Test
    void refusesAnImageIdAsAName() {
        String id = "b".repeat(64);
        assertThatThrownBy(() -> ImageReference.parse(id))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("invalid repository name (" + id + "): cannot specify 64-byte hexadecimal strings");
        assertThat(AnyReference.parse(id)).isEqualTo(new AnyReference.ImageId(Digest.parse("sha256:" + id)));
    }

    @Test
    void theConstructorChecksTheGrammarToo() {
        assertThatThrownBy(() -> new ImageReference("docker.io", "Library/x", Optional.empty(), Optional.empty()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("invalid reference format: repository name (Library/x) is not a valid repository path");
        assertThatThrownBy(() -> new ImageReference("bad_host", "x", Optional.empty(), Optional.empty()))
                .hasMessage("invalid reference format: registry (bad_host) is not a valid host[:port]");
        assertThatThrownBy(() -> new ImageReference("", "x", Optional.of(".t"), Optional.empty()))
                .hasMessage("invalid reference format: tag \".t\" is not a valid tag");
    }

    @Test
    void nameLengthIsLimitedTo255() {
        assertThat(ImageReference.parse("a".repeat(255 - "library/".length())).path()).hasSize(255);
        assertThatThrownBy(() -> ImageReference.parse("a".repeat(256 - "library/".length())))
                .hasMessageContaining("must not be more than 255 characters (256 in");
    }

    @Test
    @Timeout(5)
    void hostileInputIsRejectedInLinearTime() {
        // Inputs that make backtracking regular expressions explode.
        String dashes = "a" + "-".repeat(50_000) + "!";
        String components = "a.".repeat(50_000) + "/";
        String slashes = "ex.com/" + "a/".repeat(50_000) + "A";
        for (String input : new String[] {dashes, components, slashes}) {
            assertThatThrownBy(() -> ImageReference.parse(input)).isInstanceOf(InvalidInputException.class);
        }
    }
}
