package dev.stevedore.runtime;

import dev.stevedore.diag.InvalidInputException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What a RUN step's container looks like beyond its process, as {@code docker build --add-host},
 * {@code --shm-size} and {@code --ulimit} set it.
 *
 * @param extraHosts   lines added to {@code /etc/hosts}, in order
 * @param shmSizeBytes the size of {@code /dev/shm}; 0 means Docker's default, 64 MiB
 * @param ulimits      resource limits replacing the defaults of the same name; one per name (the last wins)
 * @param security     Docker's confinement, or none ({@code --security=insecure}, which needs
 *                     {@link Entitlement#SECURITY_INSECURE})
 * @param allowed      what a RUN may loosen ({@code --allow}); not part of the cache key
 */
public record Sandbox(List<ExtraHost> extraHosts, long shmSizeBytes, List<Ulimit> ulimits, Security security,
                      Set<Entitlement> allowed) {

    /** Docker's defaults: no extra hosts, 64 MiB of shm, the default limits, confined, nothing allowed. */
    public static final Sandbox DEFAULT = new Sandbox(List.of(), 0, List.of());

    public Sandbox(List<ExtraHost> extraHosts, long shmSizeBytes, List<Ulimit> ulimits) {
        this(extraHosts, shmSizeBytes, ulimits, Security.SANDBOX, Set.of());
    }

    public Sandbox {
        Objects.requireNonNull(security, "security");
        allowed = Set.copyOf(allowed);
        if (security == Security.INSECURE && !allowed.contains(Entitlement.SECURITY_INSECURE)) {
            throw new InvalidInputException("--security=insecure needs the security.insecure entitlement: "
                    + "add --allow security.insecure");
        }
        extraHosts = List.copyOf(extraHosts);
        if (shmSizeBytes < 0) {
            throw new IllegalArgumentException("negative shm size " + shmSizeBytes);
        }
        Map<String, Ulimit> byName = ulimits.stream().collect(Collectors.toMap(Ulimit::name, Function.identity(),
                (a, b) -> b, java.util.LinkedHashMap::new));
        ulimits = List.copyOf(byName.values());
    }

    public Sandbox withSecurity(Security s) {
        return new Sandbox(extraHosts, shmSizeBytes, ulimits, s, allowed);
    }

    public Sandbox withAllowed(Set<Entitlement> a) {
        return new Sandbox(extraHosts, shmSizeBytes, ulimits, security, a);
    }
}
