package dev.stevedore.runtime;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The private networks ({@link SlirpNetwork}) of one runtime, lent to one RUN at a time: a RUN
 * takes an idle one (or a new one when all are lent, so RUNs of parallel stages never share) and
 * gives it back when its container is gone.
 *
 * <p>What a RUN leaves in a network it gives back: nothing that runs, nothing that listens. Its
 * processes all die with its first one (a RUN has its own PID namespace: the kernel kills the rest
 * when it exits, before runc reports the exit), and their sockets with them; without
 * {@code CAP_NET_ADMIN} (not among Docker's default capabilities) and with {@code /proc/sys}
 * read-only it cannot change the namespace's addresses, routes, filters or sysctls. What remains
 * is the kernel's memory of past connections (TCP {@code TIME_WAIT}, the neighbour cache), as in
 * BuildKit's pooled CNI namespaces. A RUN that could change more ({@code --security=insecure}: every
 * capability) does not give its network back: it is closed.
 */
final class PrivateNetworks implements AutoCloseable {

    private final Deque<SlirpNetwork> idle = new ArrayDeque<>();

    /** An idle network still alive, or a new one. */
    SlirpNetwork take() throws IOException {
        while (true) {
            SlirpNetwork network;
            synchronized (this) {
                network = idle.pollFirst();
            }
            if (network == null) {
                return SlirpNetwork.start();
            }
            if (network.alive()) {
                return network;
            }
            network.close();
        }
    }

    /**
     * Takes {@code network} back from a RUN whose container is gone: kept for the next RUN when
     * {@code reusable} (the RUN could not change it), closed otherwise.
     */
    void giveBack(SlirpNetwork network, boolean reusable) {
        if (reusable) {
            synchronized (this) {
                idle.addFirst(network);
            }
        } else {
            network.close();
        }
    }

    /** Closes the idle networks; a later RUN starts a new one. */
    @Override
    public void close() {
        List<SlirpNetwork> closing;
        synchronized (this) {
            closing = new ArrayList<>(idle);
            idle.clear();
        }
        closing.forEach(SlirpNetwork::close);
    }
}
