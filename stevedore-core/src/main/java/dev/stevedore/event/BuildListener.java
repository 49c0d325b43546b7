package dev.stevedore.event;

/**
 * Receives the events of a build. Called from the build's worker threads, possibly several at a
 * time: implementations must be thread-safe and quick (hand slow rendering to another thread).
 */
@FunctionalInterface
public interface BuildListener {

    void on(BuildEvent event);

    /** A listener that drops everything. */
    BuildListener NONE = event -> { };
}
