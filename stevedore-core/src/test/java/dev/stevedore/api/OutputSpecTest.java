package dev.stevedore.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.output.OutputTarget;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OutputSpecTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "out                        | LocalDirectory | out",
        "type=local,dest=out        | LocalDirectory | out",
        "type=oci,dest=x.tar        | OciArchive     | x.tar",
        "dest=y.tar,type=docker     | DockerArchive  | y.tar",
        "type=tar,dest=/tmp/fs.tar  | Tar            | /tmp/fs.tar",
    })
    void parsesAsBuildx(String spec, String kind, String dest) {
        OutputTarget t = OutputSpec.parse(spec);
        assertThat(t.getClass().getSimpleName()).isEqualTo(kind);
        Path p = switch (t) {
            case OutputTarget.LocalDirectory d -> d.dest();
            case OutputTarget.OciArchive a -> a.dest();
            case OutputTarget.DockerArchive a -> a.dest();
            case OutputTarget.Tar a -> a.dest();
            case OutputTarget.Store s -> null;
        };
        assertThat(p).isEqualTo(Path.of(dest));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "type=registry,dest=x   | unknown type \"registry\" (known: oci, docker, local, tar)",
        "type=oci               | dest= is missing",
        "dest=x                 | type= is missing",
        "type=oci,dest=x,foo=1  | unknown key \"foo\" (known: type, dest)",
        "type=oci,,dest=x       | \"\" is not KEY=VALUE",
        "type=tar,dest=-        | writing to standard output (dest=-) is not supported; name a file",
        "-                      | writing to standard output (dest=-) is not supported; name a file",
    })
    void refusesWithTheSpecNamed(String spec, String message) {
        assertThatThrownBy(() -> OutputSpec.parse(spec)).isInstanceOf(InvalidInputException.class)
                .hasMessage("invalid --output \"" + spec + "\": " + message);
    }

    @org.junit.jupiter.api.Test
    void emptyIsRefused() {
        assertThatThrownBy(() -> OutputSpec.parse("")).isInstanceOf(InvalidInputException.class)
                .hasMessage("invalid --output \"\": it is empty");
    }
}
