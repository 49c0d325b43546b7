package dev.stevedore.cli;

import dev.stevedore.diag.InvalidInputException;
import java.util.List;

/**
 * The {@code docker run} options that need a container engine, a process that outlives the
 * command and owns the container: {@code stevedore run} has none, so it says so and what to use.
 */
final class EngineJobs {

    private EngineJobs() {}

    /** @throws InvalidInputException one sentence per refused option, the first one given */
    static void refuse(List<String> publish, boolean detach) {
        if (!publish.isEmpty()) {
            throw new InvalidInputException("-p/--publish is a container engine's job: stevedore run has no daemon to"
                    + " forward ports; use --network host (the container's ports are then the host's), or run the"
                    + " image with docker or podman (stevedore push, or stevedore save | docker load)");
        }
        if (detach) {
            throw new InvalidInputException("-d/--detach is a container engine's job: stevedore run runs one foreground"
                    + " process and removes it when it exits; put it in the background with your shell or a service"
                    + " manager (systemd-run), or run the image with docker or podman (stevedore push, or stevedore"
                    + " save | docker load)");
        }
    }
}
