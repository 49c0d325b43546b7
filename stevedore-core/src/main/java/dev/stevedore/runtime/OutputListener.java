package dev.stevedore.runtime;

/**
 * Receives a running process's output, one line at a time (without its line break; a last line
 * without one is delivered too). Called from the runtime's reader threads, one per stream, so
 * lines of stdout and stderr may interleave; an implementation must be thread-safe.
 */
@FunctionalInterface
public interface OutputListener {

    enum Stream { STDOUT, STDERR }

    void line(Stream stream, String line);

    /** A listener that drops everything. */
    static OutputListener discard() {
        return (stream, line) -> { };
    }
}
