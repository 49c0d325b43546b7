package dev.stevedore.api;

import dev.stevedore.linux.UserNamespace;
import dev.stevedore.rootless.Identity;
import dev.stevedore.rootless.NamespaceLauncher;
import dev.stevedore.rootless.Relaunch;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * The door to rootless mode for a front end: an ordinary user's command is run again as root of a
 * user namespace ({@link NamespaceLauncher}), and this process only waits for it and passes its
 * exit status on.
 */
public final class RootlessMode {

    private RootlessMode() {}

    /**
     * Whether this process is an ordinary user's in the host's namespace, so builds need a namespace first.
     *
     * @return whether to {@link #relaunch}
     */
    public static boolean needed() {
        return UserNamespace.current().initial() && Identity.current().uid() != 0;
    }

    /**
     * Runs this JVM's command again in a user namespace and returns its exit status. An interrupt
     * (Ctrl-C, SIGTERM) is passed on as SIGTERM, and the child is still waited for: it cleans up.
     *
     * @param warn told why the namespace maps a single id, when it does
     * @return the command's exit status
     * @throws IOException when the namespace's process cannot be started
     */
    public static int relaunch(Consumer<String> warn) throws IOException {
        Identity who = Identity.current();
        Process child = NamespaceLauncher.start(Relaunch.command(who), NamespaceLauncher.maps(who, warn));
        boolean passedOn = false;
        while (true) {
            try {
                return child.waitFor();
            } catch (InterruptedException e) {
                if (!passedOn) {
                    child.destroy();
                    passedOn = true;
                }
            }
        }
    }
}
