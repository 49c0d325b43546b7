package dev.stevedore.exec;

import dev.stevedore.runtime.ContainerRuntime;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The parts of the machine a build runs on, given to the engine rather than made by it, so that
 * its rules can be tested with fakes.
 *
 * @param snapshots the file systems of layer stacks ({@link OverlaySnapshots} in production)
 * @param runtime   the container runtime that runs RUN; asked for when the first RUN needs it
 *                  (at most once a build), so a build without RUN needs none installed
 */
public record BuildPorts(Snapshots snapshots, Supplier<ContainerRuntime> runtime) {

    public BuildPorts {
        Objects.requireNonNull(snapshots, "snapshots");
        Objects.requireNonNull(runtime, "runtime");
    }
}
