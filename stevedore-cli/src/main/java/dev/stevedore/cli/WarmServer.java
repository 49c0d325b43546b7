package dev.stevedore.cli;

import dev.stevedore.api.images.Images;
import dev.stevedore.cli.warm.Identity;
import dev.stevedore.cli.warm.ServerPlace;
import dev.stevedore.cli.warm.Wire;
import dev.stevedore.diag.UnavailableException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One store's warm server: binds {@code STORE/server/socket} (0600, in a 0700 directory of the
 * private store), holding {@code server/lock} so that only one runs; serves each connection on a
 * thread of its own ({@link ServedCommand}); goes once idle for the timeout, or when a client of
 * another build asks (it unbinds at once, and the commands it runs finish first).
 */
final class WarmServer {

    /** How long a signalled server waits for its commands to clean up. */
    private static final long STOP_MILLIS = 30_000;

    private final ServerPlace place;
    private final ServerSocketChannel listener;
    private final FileLock lock;
    private final String identity = Identity.current();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicLong lastActive = new AtomicLong(System.nanoTime());
    /** The threads of the commands that run: SIGTERM (or SIGINT) stops them as Ctrl-C stops one command. */
    private final Set<Thread> commands = ConcurrentHashMap.newKeySet();
    private volatile boolean closing;

    private WarmServer(ServerPlace place, ServerSocketChannel listener, FileLock lock) {
        this.place = place;
        this.listener = listener;
        this.lock = lock;
    }

    /** Serves until idle for {@code idle}; returns at once when another server holds the store's. */
    static void serve(Path storeRoot, Duration idle, PrintStream log) {
        Images.open(Optional.of(storeRoot.toString())); // creates the store, private, when it is new
        ServerPlace place = ServerPlace.of(storeRoot);
        try {
            privateDirectory(place);
            try (FileChannel lockFile = FileChannel.open(place.lock(), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock lock = lockFile.tryLock()) {
                if (lock == null) {
                    log.println("stevedore server: another server serves " + storeRoot);
                    return;
                }
                // a socket left by a server that was killed: nobody listens on it
                Files.deleteIfExists(place.socket());
                ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
                listener.bind(UnixDomainSocketAddress.of(place.socket()));
                Files.setPosixFilePermissions(place.socket(), PosixFilePermissions.fromString("rw-------"));
                log.println("stevedore server: serving " + storeRoot + " (pid " + ProcessHandle.current().pid() + ")");
                log.flush();
                new WarmServer(place, listener, lock).acceptUntilIdle(idle);
                log.println("stevedore server: idle, exiting");
            }
        } catch (IOException e) {
            throw new UnavailableException("cannot serve " + storeRoot + ": " + e.getMessage(), e);
        }
    }

    /** Sets or clears the store's switch ({@link ServerPlace#enabled()}). */
    static void enable(Path storeRoot, boolean on) {
        Images.open(Optional.of(storeRoot.toString()));
        ServerPlace place = ServerPlace.of(storeRoot);
        try {
            if (on) {
                privateDirectory(place);
                Files.writeString(place.enabled(), "");
            } else {
                Files.deleteIfExists(place.enabled());
            }
        } catch (IOException e) {
            throw new UnavailableException("cannot set the server switch of " + storeRoot + ": " + e.getMessage(), e);
        }
    }

    private static void privateDirectory(ServerPlace place) throws IOException {
        Files.createDirectories(place.dir(), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
    }

    private void acceptUntilIdle(Duration idle) throws IOException {
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopCommands, "stevedore-server-stop"));
        Thread.ofPlatform().daemon().name("stevedore-server-idle").start(() -> closeWhenIdle(idle));
        while (true) {
            SocketChannel connection;
            try {
                connection = listener.accept();
            } catch (IOException e) {
                if (closing) {
                    break;
                }
                throw e;
            }
            running.incrementAndGet();
            Thread.ofPlatform().name("stevedore-served").start(() -> {
                try (connection) {
                    serveOne(new Wire(connection));
                } catch (IOException e) {
                    // the client went: its command, if any, was cancelled
                } finally {
                    lastActive.set(System.nanoTime());
                    running.decrementAndGet();
                }
            });
        }
        // the commands still running finish before this JVM goes
        while (running.get() > 0) {
            sleep(50);
        }
    }

    private void serveOne(Wire wire) throws IOException {
        Wire.Frame hello = wire.read();
        if (hello.kind() != Wire.Kind.HELLO
                || !identity.equals(new String(hello.payload(), java.nio.charset.StandardCharsets.UTF_8))) {
            // a client of another build: it starts a server of its own build, so this one goes
            close();
            wire.write(Wire.Kind.OTHER_VERSION, new byte[0]);
            return;
        }
        wire.write(Wire.Kind.ACCEPTED, new byte[0]);
        Wire.Frame request = wire.read();
        if (request.kind() != Wire.Kind.REQUEST) {
            throw new IOException("expected a request, got " + request.kind());
        }
        new ServedCommand(wire, Wire.Request.decode(request.payload()), commands).run();
    }

    /** The server is signalled: its commands are interrupted and clean up (RUNs killed, overlays unmounted) before it goes. */
    private void stopCommands() {
        List<Thread> running = List.copyOf(commands);
        running.forEach(Thread::interrupt);
        for (Thread t : running) {
            try {
                t.join(STOP_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void closeWhenIdle(Duration idle) {
        while (!closing) {
            sleep(Math.min(1000, idle.toMillis()));
            if (running.get() == 0 && System.nanoTime() - lastActive.get() > idle.toNanos()) {
                close();
            }
        }
    }

    /** Unbinds and lets the lock go: no new client reaches this server; a new server may start. */
    private synchronized void close() {
        if (closing) {
            return;
        }
        closing = true;
        try {
            Files.deleteIfExists(place.socket());
            listener.close();
            lock.release();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
