package dev.stevedore.cli.warm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which command lines the launcher forwards, and to which store's server. */
class LauncherTest {

    @Test
    void theStoreIsTheRootFlagWhereverItIsGivenBeforeRunsImage() {
        assertThat(Launcher.served(new String[] {"--root", "/s", "build", "."})).contains(Optional.of("/s"));
        assertThat(Launcher.served(new String[] {"build", "--root=/s", "-q", "."})).contains(Optional.of("/s"));
        assertThat(Launcher.served(new String[] {"images"})).contains(Optional.empty());
        assertThat(Launcher.served(new String[] {"--root", "rel", "images"}))
                .contains(Optional.of(Path.of("rel").toAbsolutePath().toString()));
        // after run's image, every word is the container's
        assertThat(Launcher.served(new String[] {"run", "--root", "/s", "img", "ls", "--root", "/x"}))
                .contains(Optional.of("/s"));
        assertThat(Launcher.served(new String[] {"run", "img", "--root", "/x"})).contains(Optional.empty());
    }

    @Test
    void theServerItselfIsNeverForwarded() {
        assertThat(Launcher.served(new String[] {"server"})).isEmpty();
        assertThat(Launcher.served(new String[] {"--root", "/s", "server", "--idle-timeout", "5"})).isEmpty();
    }

    @Test
    void runWithItsOwnStreamsIsNeverForwarded() {
        assertThat(Launcher.served(new String[] {"run", "-it", "img", "sh"})).as("the container's own terminal").isEmpty();
        assertThat(Launcher.served(new String[] {"run", "--rm", "-i", "img"})).isEmpty();
        assertThat(Launcher.served(new String[] {"run", "--tty", "img"})).isEmpty();
        assertThat(Launcher.served(new String[] {"run", "img", "ls", "-t"})).as("the container's -t").isPresent();
    }
}
