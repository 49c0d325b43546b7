package dev.stevedore.api.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.oci.ContainerConfig;
import dev.stevedore.oci.ImageConfig;
import dev.stevedore.oci.Platform;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code --change}: each allowed instruction lands in the config as docker import puts it. */
class ConfigChangesTest {

    private static ContainerConfig apply(String... changes) {
        return ConfigChanges.apply(ImageConfig.scratch(Platform.of("linux", "amd64")), List.of(changes)).config();
    }

    @Test
    void cmdAndEntrypointInExecAndShellForm() {
        assertThat(apply("CMD [\"sh\", \"-c\", \"echo hi\"]").cmd()).containsExactly("sh", "-c", "echo hi");
        assertThat(apply("CMD echo $HOME").cmd()).containsExactly("/bin/sh", "-c", "echo $HOME");
        assertThat(apply("ENTRYPOINT [\"/bin/busybox\"]").entrypoint()).containsExactly("/bin/busybox");
        assertThat(apply("ENTRYPOINT top -b").entrypoint()).containsExactly("/bin/sh", "-c", "top -b");
    }

    @Test
    void envIsExpandedAgainstWhatIsSetBefore() {
        ContainerConfig c = apply("ENV A=1", "ENV B=${A}2 C=\"x y\"", "ENV LEGACY value with spaces");
        assertThat(c.env()).containsExactly("A=1", "B=12", "C=x y", "LEGACY=value with spaces");
    }

    @Test
    void exposeLabelsVolumesUserWorkdirStopsignalOnbuild() {
        ContainerConfig c = apply("EXPOSE 80 53/udp", "LABEL a=b \"c d\"=\"e f\"", "VOLUME [\"/data\", \"/logs\"]",
                "USER 1000:1000", "WORKDIR /app", "WORKDIR sub", "STOPSIGNAL SIGTERM", "ONBUILD RUN echo hi");
        assertThat(c.exposedPorts()).containsExactlyInAnyOrder("80/tcp", "53/udp");
        assertThat(c.labels()).isEqualTo(Map.of("a", "b", "c d", "e f"));
        assertThat(c.volumes()).containsExactlyInAnyOrder("/data", "/logs");
        assertThat(c.user()).isEqualTo("1000:1000");
        assertThat(c.workingDir()).isEqualTo("/app/sub");
        assertThat(c.stopSignal()).isEqualTo("SIGTERM");
        assertThat(c.onBuild()).containsExactly("RUN echo hi");
    }

    @Test
    void instructionsThatNeedABuildAreRefused() {
        assertThatThrownBy(() -> apply("RUN echo hi"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("invalid --change \"RUN echo hi\": RUN cannot be applied to an imported image (allowed:"
                        + " CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, ONBUILD, STOPSIGNAL, USER, VOLUME, WORKDIR)");
        assertThatThrownBy(() -> apply("COPY a b")).hasMessageContaining("COPY cannot be applied");
        assertThatThrownBy(() -> apply("FROM alpine"))
                .hasMessage("invalid --change \"FROM alpine\": expected one Dockerfile instruction");
    }

    @Test
    void malformedChangesNameTheChange() {
        assertThatThrownBy(() -> apply("FROB x")).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("invalid --change \"FROB x\": ");
        assertThatThrownBy(() -> apply("")).hasMessage("invalid --change \"\": expected one Dockerfile instruction"
                + " on one line");
        assertThatThrownBy(() -> apply("CMD a\nRUN b")).hasMessageContaining("on one line");
    }
}
