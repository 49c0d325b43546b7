package dev.stevedore.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.diag.UnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeLocatorTest {

    @TempDir
    Path dir;

    private Path executable(String sub, String name) throws IOException {
        Path d = Files.createDirectories(dir.resolve(sub));
        return Files.createFile(d.resolve(name), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    }

    @Test
    void prefersRuncThenCrunInPathOrder() throws IOException {
        Path crun = executable("a", "crun");
        Path runc = executable("b", "runc");
        String path = dir.resolve("a") + ":" + dir.resolve("b");
        assertThat(RuntimeLocator.locate(Optional.empty(), path)).isEqualTo(runc);
        assertThat(RuntimeLocator.locate(Optional.of("crun"), path)).isEqualTo(crun);
        assertThat(RuntimeLocator.locate(Optional.empty(), "::" + dir.resolve("a"))).isEqualTo(crun);
    }

    @Test
    void skipsFilesThatAreNotExecutable() throws IOException {
        Files.createDirectories(dir.resolve("c"));
        Files.createFile(dir.resolve("c/runc"));
        assertThatThrownBy(() -> RuntimeLocator.locate(Optional.empty(), dir.resolve("c").toString()))
                .isInstanceOf(UnavailableException.class)
                .hasMessage("RUN needs runc or crun: install one (apt-get install runc)");
    }

    @Test
    void missingOrUnknownRuntimesAreExplained() {
        assertThatThrownBy(() -> RuntimeLocator.locate(Optional.empty(), ""))
                .isInstanceOf(UnavailableException.class)
                .hasMessage("RUN needs runc or crun: install one (apt-get install runc)");
        assertThatThrownBy(() -> RuntimeLocator.locate(Optional.of("crun"), dir.toString()))
                .isInstanceOf(UnavailableException.class)
                .hasMessage("RUN --runtime=crun: crun is not on the PATH (apt-get install crun)");
        assertThatThrownBy(() -> RuntimeLocator.locate(Optional.of("kata"), dir.toString()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("unknown runtime \"kata\": use runc, crun or the path of one");
    }
}
