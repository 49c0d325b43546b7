package dev.stevedore.api;

import dev.stevedore.diag.InternalException;
import dev.stevedore.exec.mounts.BuildMounts;
import dev.stevedore.runtime.RuncRuntime;
import dev.stevedore.runtime.RuntimeLocator;
import dev.stevedore.snapshot.Snapshotter;
import dev.stevedore.store.Store;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a build does first: finish the work of builds killed on this store (SIGKILL, power loss).
 * Half-written blobs in the store's {@code tmp/}, overlay mounts and temp dirs of snapshots,
 * runtime bundles and their containers, and the
 * scratch dirs of RUN mounts (secret tmpfs, rw-bind overlays) whose owning process is dead are
 * unmounted and removed; those of builds still running on the store are left alone.
 */
public final class StaleCleanup {

    private StaleCleanup() {}

    static void run(Store store) {
        store.cleanupStale();
        runtimeLeftovers(store);
    }

    /**
     * What every command does first (a reaper): kill and delete the containers of dead builds,
     * remove their bundles (which hold secrets passed as environment variables), unmount their
     * overlays and RUN mounts (secret tmpfs). Cheap when there is nothing to do.
     *
     * @param store the store whose leftovers are removed
     */
    public static void runtimeLeftovers(Store store) {
        Snapshotter.open(store).cleanupStale();
        runtime(store);
        BuildMounts.cleanupStale(store);
    }

    /** The runtime's leftovers; without a runtime on the PATH no build ever ran a container here. */
    private static void runtime(Store store) {
        Path binary;
        try {
            binary = RuntimeLocator.locate(Optional.empty());
        } catch (RuntimeException e) {
            return;
        }
        try {
            new RuncRuntime(binary, store.tmpDirectory().resolve("runtime")).cleanupStale();
        } catch (IOException e) {
            throw new InternalException("cannot clean up the containers of killed builds: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InternalException("interrupted while cleaning up the containers of killed builds", e);
        }
    }
}
