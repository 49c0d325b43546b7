package dev.stevedore.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.oci.Platform;
import dev.stevedore.testing.MultiPlatformBusybox;
import dev.stevedore.testing.Prerequisites;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code stevedore setup binfmt} on this machine's binfmt_misc (root, qemu-user-static): register, list, again. */
class BinfmtSetupTest {

    @Test
    void registersQemuWithTheFFlagListsItAndIsIdempotent() throws Exception {
        Prerequisites.root();
        Prerequisites.tool("qemu-aarch64-static");
        Binfmt binfmt = Binfmt.system();
        if (!binfmt.mounted()) {
            dev.stevedore.api.Emulators.system().install(List.of(MultiPlatformBusybox.ARM64));  // mounts it
        }
        if (Files.exists(Binfmt.MOUNT.resolve("qemu-aarch64"))) {
            Files.writeString(Binfmt.MOUNT.resolve("qemu-aarch64"), "-1");  // start unregistered
        }
        assertThat(binfmt.runs(MultiPlatformBusybox.ARM64)).isFalse();

        assertThat(binfmt.install(MultiPlatformBusybox.ARM64)).isEqualTo(Binfmt.Outcome.REGISTERED);
        assertThat(binfmt.entries()).filteredOn(e -> e.name().equals("qemu-aarch64")).singleElement()
                .satisfies(e -> {
                    assertThat(e.enabled()).isTrue();
                    assertThat(e.flags()).contains("F");
                });
        assertThat(binfmt.runs(MultiPlatformBusybox.ARM64)).isTrue();

        assertThat(binfmt.install(MultiPlatformBusybox.ARM64)).isEqualTo(Binfmt.Outcome.ALREADY_REGISTERED);
        assertThat(binfmt.install(Platform.of("linux", "amd64"))).isEqualTo(Binfmt.Outcome.NATIVE);
    }
}
