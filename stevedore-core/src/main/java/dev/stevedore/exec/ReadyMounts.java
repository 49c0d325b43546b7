package dev.stevedore.exec;

import dev.stevedore.runtime.RunMount;
import java.util.List;

/**
 * The runtime mounts of one RUN, ready for its process, and what to undo after it (release a
 * cache lock, delete a secret file, unmount a stage's view): what a {@link RunMountResolver} hands
 * the engine.
 */
public interface ReadyMounts extends AutoCloseable {

    /** The mounts to add to the process, in the order of the {@code --mount} flags. */
    List<RunMount> runMounts();

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

    ReadyMounts NONE = new ReadyMounts() {
        @Override
        public List<RunMount> runMounts() {
            return List.of();
        }

        @Override
        public void close() {
        }
    };
}
