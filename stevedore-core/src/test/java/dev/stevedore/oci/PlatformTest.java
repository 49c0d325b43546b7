package dev.stevedore.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.diag.InvalidInputException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Tables taken from containerd's platforms tests, with the host fixed to linux/amd64. */
class PlatformTest {

    private static final Platform HOST = Platform.of("linux", "amd64");
    private static final Platform ARM_HOST = Platform.of("linux", "arm", "v6");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            linux/amd64             | linux/amd64      | linux/amd64
            Linux/x86_64            | linux/amd64      | linux/amd64
            linux/x86-64            | linux/amd64      | linux/amd64
            linux/amd64/v1          | linux/amd64      | linux/amd64
            linux/amd64/v3          | linux/amd64/v3   | linux/amd64/v3
            linux/aarch64           | linux/arm64      | linux/arm64
            linux/arm64             | linux/arm64      | linux/arm64
            linux/arm64/v8          | linux/arm64/v8   | linux/arm64
            linux/aarch64/8         | linux/arm64/v8   | linux/arm64
            linux/arm64/v9          | linux/arm64/v9   | linux/arm64/v9
            linux/arm64/9.0         | linux/arm64/v9   | linux/arm64/v9
            linux/arm               | linux/arm        | linux/arm/v7
            linux/arm/v7            | linux/arm/v7     | linux/arm/v7
            linux/arm/7             | linux/arm/v7     | linux/arm/v7
            linux/arm/v6            | linux/arm/v6     | linux/arm/v6
            linux/arm/5             | linux/arm/v5     | linux/arm/v5
            linux/armhf             | linux/arm        | linux/arm/v7
            linux/armel             | linux/arm/v6     | linux/arm/v6
            linux/i386              | linux/386        | linux/386
            linux/386               | linux/386        | linux/386
            macOS/arm64             | darwin/arm64     | darwin/arm64
            windows/amd64           | windows/amd64    | windows/amd64
            linux/ppc64le           | linux/ppc64le    | linux/ppc64le
            linux/riscv64           | linux/riscv64    | linux/riscv64
            unknown/unknown         | unknown/unknown  | unknown/unknown
            linux                   | linux/amd64      | linux/amd64
            arm64                   | linux/arm64      | linux/arm64
            aarch64                 | linux/arm64      | linux/arm64
            armhf                   | linux/arm        | linux/arm/v7
            armel                   | linux/arm/v6     | linux/arm/v6
            x86_64                  | linux/amd64      | linux/amd64
            """)
    void parsesAndNormalizesLikeContainerd(String specifier, String parsed, String normalized) {
        Platform p = Platform.parse(specifier, HOST);
        assertThat(p).hasToString(parsed);
        assertThat(p.normalize()).hasToString(normalized);
        assertThat(Platform.parse(p.toString(), HOST)).as("Format then Parse is stable").isEqualTo(p);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            linux/amd64,linux/arm64                    | linux/amd64 linux/arm64
            linux/amd64, linux/arm64/v8 ,linux/arm     | linux/amd64 linux/arm64 linux/arm/v7
            linux/arm64,linux/aarch64,arm64            | linux/arm64
            linux/armhf,linux/arm/v6,linux/amd64/v3    | linux/arm/v7 linux/arm/v6 linux/amd64/v3
            linux/arm64/v8                             | linux/arm64
            """)
    void parsesAListAsBuildKitsPlatformOptionNormalizedInOrderEachOnce(String list, String platforms) {
        assertThat(Platform.parseList(list, HOST)).extracting(Platform::toString)
                .containsExactly(platforms.split(" "));
    }

    @Test
    void rejectsAListWithAnEmptyOrInvalidEntry() {
        assertThatThrownBy(() -> Platform.parseList("linux/amd64,,linux/arm64", HOST))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("invalid platform list \"linux/amd64,,linux/arm64\": an empty entry");
        assertThatThrownBy(() -> Platform.parseList("linux/amd64,linux/*", HOST))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("linux/*");
    }

    @Test
    void aLoneOsTakesTheHostArchitecture() {
        assertThat(Platform.parse("linux", ARM_HOST)).hasToString("linux/arm/v6");
        assertThat(Platform.parse("linux", Platform.of("linux", "arm", "v7"))).hasToString("linux/arm");
        assertThat(Platform.parse("s390x", Platform.of("freebsd", "amd64"))).hasToString("freebsd/s390x");
    }

    @Test
    void readsTheOsVersionOfWindowsSpecifiers() {
        Platform p = Platform.parse("windows(10.0.17763)/amd64", HOST);
        assertThat(p.os()).isEqualTo("windows");
        assertThat(p.osVersion()).contains("10.0.17763");
        assertThat(p).hasToString("windows/amd64");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            linux/*                 | invalid platform "linux/*": wildcards are not supported
            ''                      | invalid platform "": empty component
            linux/                  | invalid platform "linux/": empty component
            linux/arm/v7/extra      | invalid platform "linux/arm/v7/extra": expected os/architecture[/variant]
            linux/am d64            | invalid platform "linux/am d64": "am d64" may only contain letters
            plan10                  | invalid platform "plan10": unknown operating system or architecture
            """)
    void rejects(String specifier, String message) {
        assertThatThrownBy(() -> Platform.parse(specifier, HOST))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(message);
    }

    @ParameterizedTest(name = "{0} runs {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            linux/amd64     | linux/amd64       | 0
            linux/amd64     | linux/x86_64      | 0
            linux/amd64     | linux/amd64/v1    | 0
            linux/amd64     | linux/386         | 1
            linux/amd64     | linux/amd64/v2    | -1
            linux/amd64/v3  | linux/amd64/v2    | 1
            linux/amd64/v3  | linux/amd64       | 2
            linux/amd64/v3  | linux/386         | 3
            linux/amd64     | linux/arm64       | -1
            linux/amd64     | windows/amd64     | -1
            linux/amd64     | unknown/unknown   | -1
            linux/arm64     | linux/arm64/v8    | 0
            linux/arm64     | linux/aarch64     | 0
            linux/arm64/v8  | linux/arm64       | 0
            linux/arm64     | linux/arm/v8      | 1
            linux/arm64     | linux/arm/v7      | 2
            linux/arm64     | linux/arm         | 2
            linux/arm64     | linux/arm/v5      | 4
            linux/arm64     | linux/amd64       | -1
            linux/arm64/v9  | linux/arm64       | 1
            linux/arm/v7    | linux/arm/v7      | 0
            linux/arm       | linux/arm/v7      | 0
            linux/armhf     | linux/arm/v6      | 1
            linux/arm/v7    | linux/arm/v5      | 2
            linux/arm/v7    | linux/arm/v8      | -1
            linux/arm/v6    | linux/arm/v7      | -1
            linux/arm/v6    | linux/arm64       | -1
            """)
    void matchesWithVariantFallback(String wanted, String candidate, int rank) {
        PlatformMatcher matcher = PlatformMatcher.only(Platform.parse(wanted, HOST));
        assertThat(matcher.rank(Platform.parse(candidate, HOST))).isEqualTo(rank);
        assertThat(matcher.matches(Platform.parse(candidate, HOST))).isEqualTo(rank >= 0);
    }

    @Test
    void selectsTheBestEntryOfAnIndex() {
        Descriptor v5 = entry(1, Platform.of("linux", "arm", "v5"));
        Descriptor v6 = entry(2, Platform.of("linux", "arm", "v6"));
        Descriptor v6again = entry(3, Platform.of("linux", "arm", "v6"));
        Descriptor amd = entry(4, Platform.of("linux", "amd64"));
        Descriptor attestation = new Descriptor(MediaType.OCI_MANIFEST, digest(5), 10,
                Map.of(Descriptor.DOCKER_REFERENCE_TYPE, "attestation-manifest"),
                Optional.of(Platform.of("unknown", "unknown")));
        Descriptor noPlatform = new Descriptor(MediaType.OCI_MANIFEST, digest(6), 10);
        List<Descriptor> index = List.of(noPlatform, attestation, v5, v6, v6again, amd);

        assertThat(PlatformMatcher.only(Platform.parse("linux/arm/v7", HOST)).select(index)).contains(v6);
        assertThat(PlatformMatcher.only(Platform.parse("linux/arm/v5", HOST)).select(index)).contains(v5);
        assertThat(PlatformMatcher.only(HOST).select(index)).contains(amd);
        assertThat(PlatformMatcher.only(Platform.parse("linux/s390x", HOST)).select(index)).isEmpty();
        assertThat(PlatformMatcher.only(Platform.parse("unknown/unknown", HOST)).select(index))
                .as("attestations are never picked").isEmpty();
    }

    @Test
    void expandsTheWantedPlatformBestFirst() {
        assertThat(PlatformMatcher.only(Platform.parse("linux/arm/v7", HOST)).acceptable())
                .extracting(Platform::toString)
                .containsExactly("linux/arm/v7", "linux/arm/v6", "linux/arm/v5");
    }

    @Test
    void theHostIsNormalized() {
        Platform host = Platform.host();
        assertThat(host).isEqualTo(host.normalize());
        assertThat(host.os()).isNotEmpty();
    }

    private static Descriptor entry(int n, Platform p) {
        return new Descriptor(MediaType.OCI_MANIFEST, digest(n), 100).withPlatform(p);
    }

    private static Digest digest(int n) {
        return Digest.sha256(new byte[] {(byte) n});
    }
}
