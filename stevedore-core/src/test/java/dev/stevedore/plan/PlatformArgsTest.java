package dev.stevedore.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.oci.Platform;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The predefined platform ARGs per target platform, with BuildKit's values: the target is
 * written as {@code --platform} takes it and normalized as BuildKit's frontend normalizes it
 * ({@code platforms.Normalize}), so {@code linux/arm} has {@code TARGETVARIANT=v7} and
 * {@code linux/arm64/v8} none; the build platform is the host's.
 */
class PlatformArgsTest {

    private static final Platform HOST = Platform.of("linux", "amd64");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            linux/amd64      | linux/amd64    | linux | amd64   | -
            linux/arm64      | linux/arm64    | linux | arm64   | -
            linux/arm64/v8   | linux/arm64    | linux | arm64   | -
            linux/aarch64    | linux/arm64    | linux | arm64   | -
            linux/arm        | linux/arm/v7   | linux | arm     | v7
            linux/arm/v6     | linux/arm/v6   | linux | arm     | v6
            linux/armhf      | linux/arm/v7   | linux | arm     | v7
            linux/amd64/v3   | linux/amd64/v3 | linux | amd64   | v3
            linux/riscv64    | linux/riscv64  | linux | riscv64 | -
            arm64            | linux/arm64    | linux | arm64   | -
            """)
    void targetArgsAsBuildKitSetsThem(String written, String platform, String os, String arch, String variant) {
        Platform target = Platform.parseList(written, HOST).getFirst();
        Map<String, String> args = PlatformArgs.of(target, HOST);
        assertThat(args).containsEntry("TARGETPLATFORM", platform).containsEntry("TARGETOS", os)
                .containsEntry("TARGETARCH", arch).containsEntry("TARGETVARIANT", variant == null ? "" : variant)
                .containsEntry("BUILDPLATFORM", "linux/amd64").containsEntry("BUILDOS", "linux")
                .containsEntry("BUILDARCH", "amd64").containsEntry("BUILDVARIANT", "");
    }
}
