package dev.stevedore.runtime;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What a RUN step's container looks like beyond its process, as {@code docker build --add-host},
 * {@code --shm-size} and {@code --ulimit} set it.
 *
 * @param extraHosts   lines added to {@code /etc/hosts}, in order
 * @param shmSizeBytes the size of {@code /dev/shm}; 0 means Docker's default, 64 MiB
 * @param ulimits      resource limits replacing the defaults of the same name; one per name (the last wins)
 */
public record Sandbox(List<ExtraHost> extraHosts, long shmSizeBytes, List<Ulimit> ulimits) {

    /** Docker's defaults: no extra hosts, 64 MiB of shm, the default limits. */
    public static final Sandbox DEFAULT = new Sandbox(List.of(), 0, List.of());

    public Sandbox {
        extraHosts = List.copyOf(extraHosts);
        if (shmSizeBytes < 0) {
            throw new IllegalArgumentException("negative shm size " + shmSizeBytes);
        }
        Map<String, Ulimit> byName = ulimits.stream().collect(Collectors.toMap(Ulimit::name, Function.identity(),
                (a, b) -> b, java.util.LinkedHashMap::new));
        ulimits = List.copyOf(byName.values());
    }
}
