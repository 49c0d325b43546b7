package dev.stevedore.cli.warm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client's standard input as the server asks for it: a request that comes before the pump
 * waits for one is served too (WarmServerTest's `build -f -` hung once under load when it was not).
 */
class StdinPumpTest {

    @TempDir
    Path dir;

    @Test
    void aRequestMadeBeforeThePumpWaitsIsServed() throws Exception {
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(dir.resolve("socket"));
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(address);
             SocketChannel client = SocketChannel.open(address);
             SocketChannel accepted = server.accept()) {
            StdinPump pump = new StdinPump(new ByteArrayInputStream("abc".getBytes(StandardCharsets.UTF_8)),
                    new Wire(client));
            pump.want(64); // before the pump's thread exists: the order the server and a slow start make
            pump.want(64);
            Thread thread = Thread.ofPlatform().daemon().start(pump);
            Wire serverEnd = new Wire(accepted);
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                Wire.Frame data = serverEnd.read();
                assertThat(data.kind()).isEqualTo(Wire.Kind.STDIN);
                assertThat(new String(data.payload(), StandardCharsets.UTF_8)).isEqualTo("abc");
                assertThat(serverEnd.read().kind()).isEqualTo(Wire.Kind.STDIN_END);
            });
            thread.interrupt();
        }
    }
}
