package dev.stevedore.exec.mounts;

import dev.stevedore.exec.SharedCacheMounts;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Everything {@link RunMounts#prepare} needs besides the mounts themselves; the engine fills it
 * once per build.
 *
 * @param cacheMounts where cache mounts persist, e.g. {@code <store root>/cache-mounts}
 * @param scratch     a directory of ours for what lives only during a step (the secrets'
 *                    tmpfs, the throwaway upper dirs of {@code rw} binds), e.g.
 *                    {@code <store root>/tmp}; on a file system that can hold an overlay upper dir
 * @param secrets     the secrets given by the user, by id
 * @param ssh         the agent sockets given by the user, by id
 * @param sources     resolves {@code from=} of bind and cache mounts
 * @param hostEnv     the environment stevedore runs in, for {@code --secret id=X,env=VAR}
 * @param shared      cache mounts' contents that travel with {@code --cache-from}/{@code --cache-to}
 */
public record MountInputs(Path cacheMounts, Path scratch, Map<String, SecretSource> secrets,
                          Map<String, SshSource> ssh, MountSources sources, Map<String, String> hostEnv,
                          SharedCacheMounts shared) {

    public MountInputs {
        cacheMounts = cacheMounts.toAbsolutePath();
        scratch = scratch.toAbsolutePath();
        secrets = Map.copyOf(secrets);
        ssh = Map.copyOf(ssh);
        Objects.requireNonNull(sources, "sources");
        hostEnv = Map.copyOf(hostEnv);
        Objects.requireNonNull(shared, "shared");
    }

    /** Inputs from lists of parsed flags; a later flag with the same id wins, as in buildx. */
    public static MountInputs of(Path cacheMounts, Path scratch, List<SecretSource> secrets, List<SshSource> ssh,
                                 MountSources sources, Map<String, String> hostEnv, SharedCacheMounts shared) {
        return new MountInputs(cacheMounts, scratch, byId(secrets, SecretSource::id), byId(ssh, SshSource::id),
                sources, hostEnv, shared);
    }

    private static <T> Map<String, T> byId(List<T> items, Function<T, String> id) {
        return items.stream().collect(Collectors.toMap(id, t -> t, (first, last) -> last));
    }

    /** The cache mounts directory of a store root: {@code <root>/cache-mounts}. */
    public static Path cacheMountsOf(Path storeRoot) {
        return dev.stevedore.store.CacheMountDirs.of(storeRoot);
    }
}
