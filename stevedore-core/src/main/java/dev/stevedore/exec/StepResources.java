package dev.stevedore.exec;

import dev.stevedore.runtime.ContainerRuntime;
import java.util.function.Supplier;

/**
 * What a step may use while the driver runs it: its own progress (output lines, pull progress),
 * the layers of the build (snapshots and layer blobs) and the container runtime, looked up only
 * when a step needs it (a build without RUN needs none). The driver hands them over; a step
 * creates none of them.
 */
record StepResources(StepHandle progress, Layers layers, Supplier<ContainerRuntime> runtime) {}
