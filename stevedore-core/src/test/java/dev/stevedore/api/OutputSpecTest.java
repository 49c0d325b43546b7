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
        "type=registry,dest=x   | unknown key \"dest\" (known: type, push, oci-mediatypes, compression, compression-level, force-compression)",
        "type=foo,dest=x        | unknown type \"foo\" (known: image, registry, oci, docker, local, tar)",
        "type=local,dest=x,compression=zstd | unknown key \"compression\" (known: type, dest)",
        "type=oci,dest=x,compression=lz4 | unknown compression \"lz4\" (known: uncompressed, gzip, zstd)",
        "type=oci,dest=x,compression=gzip,compression-level=10 | compression-level \"10\" is out of range (0 to 9 for gzip)",
        "type=image,compression=zstd,compression-level=23 | compression-level \"23\" is out of range (0 to 22 for zstd)",
        "type=image,compression=uncompressed,compression-level=1 | compression-level needs a compression (gzip or zstd), not uncompressed",
        "type=registry,force-compression=yes | force-compression must be true or false, not \"yes\"",
        "type=image,push=maybe  | push must be true or false, not \"maybe\"",
        "type=image,oci-mediatypes=false | oci-mediatypes=false is not supported: Stevedore writes OCI media types, which every registry and runtime of today reads",
        "type=oci               | dest= is missing",
        "dest=x                 | type= is missing",
        "type=oci,dest=x,foo=1  | unknown key \"foo\" (known: type, dest, compression, compression-level, force-compression)",
        "type=oci,,dest=x       | \"\" is not KEY=VALUE",
        "type=tar,dest=-        | writing to standard output (dest=-) is not supported; name a file",
        "-                      | writing to standard output (dest=-) is not supported; name a file",
    })
    void refusesWithTheSpecNamed(String spec, String message) {
        assertThatThrownBy(() -> OutputSpec.parse(spec)).isInstanceOf(InvalidInputException.class)
                .hasMessage("invalid --output \"" + spec + "\": " + message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "type=registry                                         | true  | ",
        "type=image                                            | false | ",
        "type=image,push=true,compression=zstd                 | true  | zstd",
        "type=registry,compression=zstd,compression-level=19,force-compression=true | true | zstd (level 19) (forced)",
        "type=image,compression=uncompressed,oci-mediatypes=true | false | uncompressed",
        "type=registry,compression-level=9                     | true  | gzip (level 9)",
    })
    void imageAndRegistryAsBuildKitsImageExporter(String spec, boolean push, String compression) {
        OutputTarget.Store store = (OutputTarget.Store) OutputSpec.parse(spec);
        assertThat(store.push()).isEqualTo(push);
        assertThat(store.compression().map(Object::toString)).isEqualTo(java.util.Optional.ofNullable(compression));
        assertThat(store.tags()).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void archivesTakeACompression() {
        assertThat(OutputSpec.parse("type=oci,dest=x.tar,compression=zstd"))
                .isEqualTo(new OutputTarget.OciArchive(Path.of("x.tar"), java.util.Optional.of(
                        new dev.stevedore.oci.LayerCompression(dev.stevedore.oci.Compression.ZSTD,
                                java.util.OptionalInt.empty(), false))));
        assertThat(OutputSpec.parse("type=docker,dest=y.tar,compression=gzip,force-compression=true"))
                .isEqualTo(new OutputTarget.DockerArchive(Path.of("y.tar"), java.util.Optional.of(
                        new dev.stevedore.oci.LayerCompression(dev.stevedore.oci.Compression.GZIP,
                                java.util.OptionalInt.empty(), true))));
        assertThat(OutputSpec.parse("type=oci,dest=x.tar")).isEqualTo(new OutputTarget.OciArchive(Path.of("x.tar")));
    }

    @org.junit.jupiter.api.Test
    void emptyIsRefused() {
        assertThatThrownBy(() -> OutputSpec.parse("")).isInstanceOf(InvalidInputException.class)
                .hasMessage("invalid --output \"\": it is empty");
    }
}
