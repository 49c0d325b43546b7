package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stevedore info}: the store and its mode, the runtime, RUN's default confinement. */
class InfoCommandTest {

    @TempDir
    Path dir;

    @Test
    void infoShowsTheStoreItsModeAndTheSecurityDefaults() {
        Path root = dir.resolve("store");
        CliRun run = CliRun.run("", "--root", root.toString(), "info");

        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("Store root: " + root + "\n",
                "Store mode: 0700 (private to its owner)\n",
                "Runtime: ",
                "Seccomp: on by default",
                "Default network: ",
                "Rootless: no (root of the host)\n",
                "User namespace: the host's\n",
                "Snapshotter: overlayfs\n",
                "Isolations: oci (the default: a container under runc); chroot (no namespaces: files only; see the README)\n");
    }

    @Test
    void buildRefusesSecurityInsecureWithoutItsEntitlementAndAnUnknownEntitlement() {
        CliRun insecure = CliRun.run("", "--root", dir.resolve("store").toString(), "build", "--security", "insecure",
                dir.toString());
        assertThat(insecure.code()).isNotZero();
        assertThat(insecure.err()).contains(
                "--security=insecure needs the security.insecure entitlement: add --allow security.insecure");

        CliRun unknown = CliRun.run("", "build", "--allow", "device", dir.toString());
        assertThat(unknown.code()).isNotZero();
        assertThat(unknown.err()).contains("unknown entitlement \"device\" in --allow");
    }
}
