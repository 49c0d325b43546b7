package dev.stevedore.oci;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContainerConfigTest {

    @Test
    void envReplacesInPlaceOrAppendsAsDockerDoes() {
        ContainerConfig c = ContainerConfig.EMPTY.withEnv("A", "1").withEnv("B", "2").withEnv("A", "3")
                .withEnv("AB", "4");
        assertThat(c.env()).containsExactly("A=3", "B=2", "AB=4");
        assertThat(c.env("A")).contains("3");
        assertThat(c.env("AB")).contains("4");
        assertThat(c.env("C")).isEmpty();
        assertThat(ContainerConfig.EMPTY.env()).as("withers never change the original").isEmpty();
    }

    @Test
    void setsAndMapsAreSortedAndImmutable() {
        ContainerConfig c = new ContainerConfig("", Set.of("8080/tcp", "443/tcp", "53/udp"), List.of(), List.of(),
                List.of(), Set.of("/b", "/a"), "", Map.of("z", "1", "a", "2"), "", false,
                java.util.Optional.empty(), List.of(), List.of());
        assertThat(c.exposedPorts()).containsExactly("443/tcp", "53/udp", "8080/tcp");
        assertThat(c.volumes()).containsExactly("/a", "/b");
        assertThat(c.labels().keySet()).containsExactly("a", "z");
        assertThat(c.withExposedPort("80/tcp").exposedPorts()).hasSize(4);
        assertThat(c.withVolume("/a").volumes()).hasSize(2);
    }

    @Test
    void imageConfigWithersKeepEverythingElse() {
        Instant t = Instant.parse("2024-01-01T00:00:00Z");
        ImageConfig base = ImageConfig.scratch(Platform.of("linux", "arm", "v7")).withCreated(t);
        Digest layer = Digest.sha256(new byte[] {1});
        ImageConfig next = base.withLayer(layer, History.layer(t, "RUN x")).withHistory(History.emptyLayer(t, "CMD"));
        assertThat(next.platform()).isEqualTo(Platform.of("linux", "arm", "v7"));
        assertThat(next.rootfs()).isEqualTo(RootFs.of(List.of(layer)));
        assertThat(next.history()).extracting(History::emptyLayer).containsExactly(false, true);
        assertThat(base.rootfs().diffIds()).isEmpty();
        assertThat(next.withPlatform(Platform.of("linux", "amd64")).variant()).isEmpty();
        assertThat(next.withUser("nobody").config().user()).isEqualTo("nobody");
        assertThat(next.withWorkingDir("/w").config().workingDir()).isEqualTo("/w");
    }
}
