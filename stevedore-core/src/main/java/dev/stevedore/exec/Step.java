package dev.stevedore.exec;

import java.io.IOException;

/**
 * The contract of every kind of step, in the spirit of BuildKit's {@code Op} ({@code CacheMap}
 * and {@code Exec}): what identifies its result ({@link #key}) and how to make it ({@link #run}).
 * A step never looks into the build cache, never records in it, never reports that it started,
 * was cached, finished or failed, and never adds its Dockerfile line to an error: the driver
 * ({@link StageRunner}) does all of that, the same way for every kind of step.
 *
 * <p>The driver calls {@link #key} once, then, unless the key is a hit, {@link #run} once, then
 * {@link #next} with the result, and always {@link #close}. A step may keep what {@code key}
 * read (the files a COPY selected) for {@code run}; {@code close} releases it.
 */
sealed interface Step extends AutoCloseable permits FromStep, RunStep, CopyStep, WorkdirStep, ConfigStep {

    /** How the driver treats a kind of step. */
    enum Caching {
        /** Shown in progress; its result is looked up by key (unless the cache is off) and recorded. */
        RECORDED,
        /** Shown in progress; always run, never recorded: its key is its identity (a base image's digest). */
        RESOLVED,
        /** Not shown: a pure function of the state (a config change), computed every time. */
        COMPUTED
    }

    Caching caching();

    /** The text the step shows in progress: its instruction's first line. */
    String text();

    /**
     * What identifies the step's result, from the state it starts on. May read what the result
     * depends on (hash the files a COPY reads, resolve a base image, reporting to {@code resources}).
     */
    CacheKey key(StageState state, StepResources resources) throws IOException;

    /** Makes the step's result on a miss. */
    StepResult run(StageState state, StepResources resources) throws IOException;

    /** The state after the step, from its result (made now or found by {@code key}). */
    StageState next(StageState state, StepResult result, CacheKey key);

    /** Releases what {@link #key} opened; never throws for an ordinary failure. */
    @Override
    default void close() {}
}
