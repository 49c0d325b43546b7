package dev.stevedore.exec;

import java.time.Instant;
import java.util.Optional;

/**
 * What a step made, fresh or from the build cache: its layer (none when it changed nothing or
 * only changes the config) and the time its history entry records.
 */
record StepResult(Optional<LayerRef> layer, Instant created) {}
