package dev.stevedore.exec.mounts;

import dev.stevedore.dockerfile.Mount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Run in a separate JVM by {@link CacheSharingTest}: prepares a {@code sharing=locked} cache mount
 * with id {@code shared-id} in {@code args[0]} (cache mounts dir), creates {@code args[1]} once it
 * holds it, and releases it when its standard input ends.
 */
public final class LockHolder {

    private LockHolder() {}

    public static void main(String[] args) throws Exception {
        Path cacheMounts = Path.of(args[0]);
        MountInputs inputs = new MountInputs(cacheMounts, cacheMounts.resolveSibling("scratch"), Map.of(), Map.of(),
                from -> { throw new IllegalStateException("no sources"); }, Map.of(),
                dev.stevedore.exec.SharedCacheMounts.none());
        try (PreparedMounts held = RunMounts.prepare(List.of(CacheSharingTest.cache(Mount.Sharing.LOCKED)), inputs)) {
            Files.createFile(Path.of(args[1]));
            System.in.readAllBytes();
        }
    }
}
