package dev.stevedore.exec;

import dev.stevedore.oci.Digest;
import java.util.Map;
import java.util.Set;
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
    /** The keys whose steps ran in this build: their records are this build's, good even under {@code --no-cache}. */
    private final Set<Digest> ran = ConcurrentHashMap.newKeySet();

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

    /** Whether a step with this key ran (and was recorded) in this build. */
    boolean ranInThisBuild(Digest key) {
        return ran.contains(key);
    }

    /** Notes that a step with this key ran and was recorded in this build. */
    void ran(Digest key) {
        ran.add(key);
    }

    /** A step's lookup, run and record. */
    interface Work<T> {
        T run() throws IOException;
    }
}
