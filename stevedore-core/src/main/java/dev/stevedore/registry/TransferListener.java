package dev.stevedore.registry;

/**
 * Hears how pulls and pushes progress, blob by blob. Called from several threads at once (blobs
 * move concurrently); implementations must be thread-safe and quick. The library never prints:
 * the CLI renders these, the build's event package adapts them.
 */
@FunctionalInterface
public interface TransferListener {

    TransferListener NONE = t -> { };

    void transfer(Transfer transfer);
}
