package dev.stevedore.exec.mounts;

import dev.stevedore.dockerfile.Mount;
import dev.stevedore.linux.FileCalls;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The socket a {@code RUN --mount=type=ssh} sees: a socket of our own with the mount's mode,
 * uid and gid (as BuildKit's agent proxy), each connection relayed to the user's agent. So a
 * step running as a non-root user can reach a root-owned agent, and the container never sees
 * the host's socket path.
 */
final class SshRelay {

    private final ServerSocketChannel server;
    private final Path agent;
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();

    private SshRelay(ServerSocketChannel server, Path agent) {
        this.server = server;
        this.agent = agent;
    }

    /** Starts a relay to {@code agent} in a scratch dir; returns its socket. Stopped by {@code prepared}'s close. */
    static Path start(Path agent, Mount.Ssh ssh, Path scratch, PreparedMounts prepared) throws IOException {
        Path dir = ScratchDirs.create(scratch, ScratchDirs.SSH);
        prepared.onClose(() -> ScratchDirs.remove(dir));
        Path socket = dir.resolve("agent.sock");
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        SshRelay relay = new SshRelay(server, agent);
        prepared.onClose(relay::stop);
        server.bind(UnixDomainSocketAddress.of(socket));
        if (FileCalls.getuid() == 0) {
            FileCalls.lchown(socket, (int) ssh.uid(), (int) ssh.gid());
        }
        FileCalls.chmod(socket, (int) ssh.mode());
        Thread.ofVirtual().name("ssh-relay-" + ssh.id()).start(relay::acceptLoop);
        return socket;
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                open.add(client);
                Thread.ofVirtual().start(() -> connect(client));
            } catch (IOException e) {
                return; // closed by stop()
            }
        }
    }

    private void connect(SocketChannel client) {
        try {
            SocketChannel upstream = SocketChannel.open(UnixDomainSocketAddress.of(agent));
            open.add(upstream);
            Thread back = Thread.ofVirtual().start(() -> pump(upstream, client));
            pump(client, upstream);
            back.join();
        } catch (IOException e) {
            // The agent is gone: the client sees its connection closed, as with a dead agent.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(client);
        }
    }

    private void pump(SocketChannel from, SocketChannel to) {
        ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
        try {
            while (from.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    to.write(buffer);
                }
                buffer.clear();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void stop() throws IOException {
        server.close();
        open.forEach(SshRelay::closeQuietly);
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Closing anyway.
        }
    }
}
