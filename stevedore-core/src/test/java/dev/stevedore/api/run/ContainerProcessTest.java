package dev.stevedore.api.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.oci.ContainerConfig;
import dev.stevedore.api.NetworkMode;
import dev.stevedore.runtime.Sandbox;
import dev.stevedore.runtime.ProcessSpec;
import dev.stevedore.runtime.RunMount;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** How {@code docker run} combines the image's config with its options. */
class ContainerProcessTest {

    private static List<String> words(String s) {
        return s == null || s.equals("-") ? List.of() : Arrays.asList(s.split(" "));
    }

    /** Docker's table (docs "Understand how CMD and ENTRYPOINT interact"), plus COMMAND and --entrypoint. */
    @ParameterizedTest(name = "entrypoint [{0}] cmd [{1}] COMMAND [{2}] --entrypoint [{3}] -> {4}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            -                 | /bin/sh -c ls  | -          | null   | /bin/sh -c ls
            /bin/ep p1        | -              | -          | null   | /bin/ep p1
            /bin/ep p1        | c1 c2          | -          | null   | /bin/ep p1 c1 c2
            /bin/sh -c ep     | c1             | -          | null   | /bin/sh -c ep c1
            /bin/ep p1        | c1 c2          | echo hi    | null   | /bin/ep p1 echo hi
            -                 | c1 c2          | echo hi    | null   | echo hi
            /bin/ep p1        | c1 c2          | -          | /bin/x | /bin/x
            /bin/ep p1        | c1 c2          | a b        | /bin/x | /bin/x a b
            /bin/ep p1        | c1 c2          | echo hi    | ''     | echo hi
            """)
    void entrypointAndCmd(String entrypoint, String cmd, String command, String flag, String expected) {
        ContainerConfig image = ContainerConfig.EMPTY.withEntrypoint(words(entrypoint)).withCmd(words(cmd));
        RunRequest request = new RunRequest("img", words(command), Optional.ofNullable(flag), List.of(),
                Optional.empty(), Optional.empty(), NetworkMode.HOST, List.of(), null, Sandbox.DEFAULT, Optional.empty(), Optional.empty());
        assertThat(ContainerProcess.args(image, request)).isEqualTo(words(expected));
    }

    @Test
    void noCommandAtAll() {
        ContainerConfig image = ContainerConfig.EMPTY.withCmd(List.of("c1"));
        RunRequest request = new RunRequest("img", List.of(), Optional.of(""), List.of(), Optional.empty(),
                Optional.empty(), NetworkMode.HOST, List.of(), null, Sandbox.DEFAULT, Optional.empty(), Optional.empty());
        assertThatThrownBy(() -> ContainerProcess.args(image, request)).isInstanceOf(InvalidInputException.class)
                .hasMessage("No command specified: image img has no Entrypoint or Cmd and none was given");
    }

    @Test
    void environmentUserWorkdirAndVolumes() {
        ContainerConfig image = ContainerConfig.EMPTY.withEnv(List.of("PATH=/bin", "A=1", "B=2"))
                .withUser("app").withWorkingDir("/srv").withCmd(List.of("sh"));
        RunRequest request = new RunRequest("img", List.of(), Optional.empty(), List.of("B=3", "C=4"),
                Optional.empty(), Optional.empty(), NetworkMode.NONE,
                List.of(Volume.parse("/host/data:/data:ro")), "in".getBytes(), Sandbox.DEFAULT, Optional.empty(), Optional.empty());
        ProcessSpec spec = ContainerProcess.of(image, request, "abc123");
        assertThat(spec.env()).containsExactly("PATH=/bin", "A=1", "B=3", "C=4");
        assertThat(spec.user()).isEqualTo("app");
        assertThat(spec.cwd()).isEqualTo("/srv");
        assertThat(spec.hostname()).isEqualTo("abc123");
        assertThat(spec.network()).isEqualTo(dev.stevedore.runtime.NetworkMode.NONE);
        assertThat(spec.mounts()).containsExactly(new RunMount.Bind(Path.of("/host/data"), "/data", true));
        assertThat(spec.stdin()).asString().isEqualTo("in");

        RunRequest overrides = new RunRequest("img", List.of(), Optional.empty(), List.of(), Optional.of("0:0"),
                Optional.of("/tmp"), NetworkMode.HOST, List.of(), null, Sandbox.DEFAULT, Optional.empty(), Optional.empty());
        ProcessSpec over = ContainerProcess.of(image, overrides, "h");
        assertThat(over.user()).isEqualTo("0:0");
        assertThat(over.cwd()).isEqualTo("/tmp");
        assertThat(ContainerProcess.of(ContainerConfig.EMPTY.withCmd(List.of("sh")), RunRequest.of("img"), "h").cwd())
                .isEqualTo("/");
    }

    @Test
    void envFlags() {
        Map<String, String> host = Map.of("HOME", "/root", "EMPTY", "");
        assertThat(RunRequest.env(List.of("A=1", "HOME", "NOPE", "EMPTY", "B=", "C=x=y"), host))
                .containsExactly("A=1", "HOME=/root", "EMPTY=", "B=", "C=x=y");
        assertThatThrownBy(() -> RunRequest.env(List.of("=x"), host)).isInstanceOf(InvalidInputException.class)
                .hasMessage("invalid environment variable: =x");
    }

    @ParameterizedTest(name = "-v {0}")
    @CsvSource(delimiter = '|', textBlock = """
            data:/data             | invalid volume data:/data: the source data is not an absolute host path (named volumes are not supported)
            /a:b                   | invalid volume /a:b: the destination b is not an absolute path
            /a:/b:rx               | invalid volume /a:/b:rx: unknown option "rx" (ro or rw)
            /a                     | invalid volume /a: expected SRC:DST[:ro]
            /a:/b:ro:x             | invalid volume /a:/b:ro:x: expected SRC:DST[:ro]
            """)
    void badVolumes(String flag, String message) {
        assertThatThrownBy(() -> Volume.parse(flag)).isInstanceOf(InvalidInputException.class).hasMessage(message);
    }

    @Test
    void volumes() {
        assertThat(Volume.parse("/a:/b")).isEqualTo(new Volume(Path.of("/a"), "/b", false));
        assertThat(Volume.parse("/a:/b:rw")).isEqualTo(new Volume(Path.of("/a"), "/b", false));
        assertThat(Volume.parse("/a:/b:ro")).isEqualTo(new Volume(Path.of("/a"), "/b", true));
    }

    @Test
    void relativeWorkdirIsRefused() {
        assertThatThrownBy(() -> new RunRequest("img", List.of(), Optional.empty(), List.of(), Optional.empty(),
                Optional.of("srv"), NetworkMode.HOST, List.of(), null, Sandbox.DEFAULT, Optional.empty(), Optional.empty())).isInstanceOf(InvalidInputException.class)
                .hasMessage("the working directory 'srv' is invalid, it needs to be an absolute path");
    }
}
