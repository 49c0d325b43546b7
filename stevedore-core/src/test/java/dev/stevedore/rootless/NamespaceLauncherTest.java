package dev.stevedore.rootless;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.diag.UnavailableException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The handshake with {@code unshare} when it dies at once, as it does in a chroot (the kernel
 * refuses a user namespace to a chroot'ed process): a sentence, never a wait on a FIFO nobody
 * will open. The fresh-machine check hung so, in RootlessTest, until the launcher held both FIFOs
 * open itself.
 */
class NamespaceLauncherTest {

    private static final NamespaceLauncher.Maps MAPS =
            new NamespaceLauncher.Maps(IdMap.of(1000, Optional.empty()), IdMap.of(1000, Optional.empty()));

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void anUnshareThatDiesAtOnceIsASentenceEveryTime() {
        // the child's death races the opening of the FIFOs: many tries make each order happen
        for (int i = 0; i < 40; i++) {
            assertThatThrownBy(() -> NamespaceLauncher.start("/bin/false", List.of("true"), MAPS))
                    .isInstanceOf(UnavailableException.class)
                    .hasMessageContaining("cannot create a user namespace for rootless mode (unshare exited with 1)")
                    .hasMessageContaining("chroot");
        }
    }

    @Test
    void aHelperTheKernelWillNotRunIsASentenceNotAnInternalError() {
        // In a pod that drops ALL capabilities, exec of newuidmap (file capabilities) fails with
        // EPERM; a helper that cannot be run at all takes the same path.
        IdMap subordinate = IdMap.of(1000, Optional.of(new SubordinateIds(100000, 65536)));
        assertThatThrownBy(() -> NamespaceLauncher.write(ProcessHandle.current().pid(), "uid_map",
                "/nonexistent/newuidmap", subordinate))
                .isInstanceOf(UnavailableException.class)
                .hasMessageStartingWith("/nonexistent/newuidmap cannot run here (")
                .hasMessageContaining("keep SETUID and SETGID")
                .hasMessageContaining("--isolation chroot");
    }
}
