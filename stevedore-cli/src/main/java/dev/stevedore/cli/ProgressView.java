package dev.stevedore.cli;

import dev.stevedore.event.BuildEvent;
import dev.stevedore.event.BuildListener;

/**
 * A renderer of a build's events that is told when the build is over, successful or not: the tty
 * view then draws its last frame. Close it before anything else is printed.
 */
interface ProgressView extends BuildListener, AutoCloseable {

    @Override
    void close();

    /** A renderer that needs no ending (it writes each event as it comes). */
    static ProgressView of(BuildListener listener) {
        return new ProgressView() {
            @Override
            public void on(BuildEvent event) {
                listener.on(event);
            }

            @Override
            public void close() {}
        };
    }
}
