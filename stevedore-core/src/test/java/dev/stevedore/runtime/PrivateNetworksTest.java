package dev.stevedore.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.testing.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The private networks RUNs borrow one at a time: real {@code unshare --net} holders with
 * {@code slirp4netns} attached. Needs root, unshare and slirp4netns.
 */
class PrivateNetworksTest {

    @BeforeEach
    void needs() {
        Prerequisites.root();
        Prerequisites.tool("unshare");
        Prerequisites.tool("slirp4netns");
    }

    @Test
    void runsAtTheSameTimeGetNamespacesOfTheirOwnAndNotTheHosts() throws Exception {
        try (PrivateNetworks networks = new PrivateNetworks()) {
            SlirpNetwork first = networks.take();
            SlirpNetwork second = networks.take();
            String host = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();

            assertThat(identity(first)).isNotEqualTo(identity(second)).isNotEqualTo(host);
            assertThat(identity(second)).isNotEqualTo(host);
            networks.giveBack(first, false);
            networks.giveBack(second, false);
        }
    }

    @Test
    void aNetworkGivenBackCleanIsLentAgainAndOneGivenBackDirtyEnds() throws Exception {
        try (PrivateNetworks networks = new PrivateNetworks()) {
            SlirpNetwork first = networks.take();
            Path namespace = first.namespace();
            networks.giveBack(first, true);

            SlirpNetwork again = networks.take();
            assertThat(again).isSameAs(first);
            assertThat(again.namespace()).isEqualTo(namespace);

            networks.giveBack(again, false);
            assertThat(again.alive()).isFalse();
            assertThat(namespace).doesNotExist(); // the holder (and with it slirp4netns) exited
            SlirpNetwork fresh = networks.take();
            assertThat(fresh).isNotSameAs(first);
            networks.giveBack(fresh, true);
        }
    }

    @Test
    void closingEndsTheIdleNetworksAndALaterRunStartsAnother() throws Exception {
        PrivateNetworks networks = new PrivateNetworks();
        SlirpNetwork network = networks.take();
        Path namespace = network.namespace();
        networks.giveBack(network, true);

        networks.close();

        assertThat(network.alive()).isFalse();
        assertThat(namespace).doesNotExist();
        SlirpNetwork next = networks.take();
        assertThat(next.alive()).isTrue();
        networks.giveBack(next, false);
    }

    private static String identity(SlirpNetwork network) throws Exception {
        return Files.readSymbolicLink(network.namespace()).toString();
    }
}
