package dev.stevedore.exec;

import dev.stevedore.runtime.RunMount;
import java.util.List;

/**
 * The runtime mounts of one RUN and what to undo after it (release a cache lock, delete a secret
 * file, unmount a stage's view).
 */
public interface PreparedMounts extends AutoCloseable {

    /** The mounts to add to the process, in order. */
    List<RunMount> mounts();

    /**
     * {@code NAME=value} entries to add to the process's environment ({@code env=} secrets,
     * {@code SSH_AUTH_SOCK}); may hold secret values, so never log them or key a cache on them.
     */
    default List<String> env() {
        return List.of();
    }

    /** Cleans up; must not throw for an ordinary failure (log-and-continue is the caller's job). */
    @Override
    void close();

    PreparedMounts NONE = new PreparedMounts() {
        @Override
        public List<RunMount> mounts() {
            return List.of();
        }

        @Override
        public void close() {
        }
    };
}
