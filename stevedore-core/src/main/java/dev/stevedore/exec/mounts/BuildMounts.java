package dev.stevedore.exec.mounts;

import dev.stevedore.diag.InternalException;
import dev.stevedore.diag.NotFoundException;
import dev.stevedore.dockerfile.Mount;
import dev.stevedore.exec.MountContext;
import dev.stevedore.exec.RunMountResolver;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link RunMounts} behind the engine's {@link RunMountResolver} seam: one per build, holding the
 * user's {@code --secret} and {@code --ssh} flags. Cache mounts go to
 * {@code <store>/cache-mounts}, scratch dirs to {@code <store>/tmp/mounts}.
 *
 * <p>Relative targets are taken from {@link MountContext#workdir()}; the engine adds
 * {@link PreparedMounts#env()} (secrets with {@code env=}, {@code SSH_AUTH_SOCK}) to the process.
 */
public final class BuildMounts implements RunMountResolver {

    private final List<SecretSource> secrets;
    private final List<SshSource> ssh;
    private final Map<String, String> hostEnv;

    public BuildMounts(List<SecretSource> secrets, List<SshSource> ssh, Map<String, String> hostEnv) {
        this.secrets = List.copyOf(secrets);
        this.ssh = List.copyOf(ssh);
        this.hostEnv = Map.copyOf(hostEnv);
    }

    /** Removes what killed builds left in {@code <store>/tmp/mounts}; call once at start. */
    public static List<Path> cleanupStale(dev.stevedore.store.Store store) {
        return RunMounts.cleanupStale(scratch(store));
    }

    @Override
    public PreparedMounts prepare(List<Mount> mounts, MountContext context) {
        MountInputs inputs = MountInputs.of(MountInputs.cacheMountsOf(context.store().root()),
                scratch(context.store()), secrets, ssh, from -> root(context, from), hostEnv, context.shared());
        try {
            return RunMounts.prepare(mounts, context.workdir(), inputs);
        } catch (IOException e) {
            throw new InternalException("cannot prepare the mounts of a RUN in " + context.stageName() + ": "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InternalException("interrupted while preparing the mounts of a RUN in " + context.stageName(), e);
        }
    }

    private static Path root(MountContext context, Optional<String> from) {
        if (from.isEmpty()) {
            return context.contextDir();
        }
        return context.stageRootfs().apply(from.get()).orElseThrow(() -> new NotFoundException(
                "RUN --mount from=" + from.get() + ": no stage or image named \"" + from.get() + "\""));
    }

    private static Path scratch(dev.stevedore.store.Store store) {
        return store.tmpDirectory().resolve("mounts");
    }
}
