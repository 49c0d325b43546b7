package dev.stevedore.exec;

import dev.stevedore.oci.Digest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.io.IOException;

/**
 * Steps of one build with equal cache keys run one at a time, so the second finds the first's
 * record instead of running again: how the platforms of a multi-platform build share a stage
 * that does not depend on the target platform ({@code FROM --platform=$BUILDPLATFORM} with equal
 * inputs), as BuildKit's solver merges equal vertices. Steps with different keys never wait for
 * each other.
 */
final class StepFlights {

    private final Map<Digest, ReentrantLock> locks = new ConcurrentHashMap<>();

    /** Runs {@code body} while no other step with the key {@code key} runs. */
    <T> T once(Digest key, Work<T> body) throws IOException {
        ReentrantLock lock = locks.computeIfAbsent(key, k -> new ReentrantLock());
        lock.lock();
        try {
            return body.run();
        } finally {
            lock.unlock();
        }
    }

    /** A step's lookup, run and record. */
    interface Work<T> {
        T run() throws IOException;
    }
}
