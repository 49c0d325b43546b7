package dev.stevedore.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A process's user namespace, read from its {@code uid_map} and {@code gid_map}. */
class UserNamespaceTest {

    @TempDir
    Path proc;

    @Test
    void theHostsNamespaceMapsEveryIdToItself() throws Exception {
        Files.writeString(proc.resolve("uid_map"), "         0          0 4294967295\n");
        Files.writeString(proc.resolve("gid_map"), "         0          0 4294967295\n");
        UserNamespace ns = UserNamespace.read(proc);
        assertThat(ns.initial()).isTrue();
        assertThat(ns.rootless()).isFalse();
        assertThat(ns.mapsGid(5)).isTrue();
    }

    @Test
    void aRootlessNamespaceMapsTheUserAndItsSubordinateIds() throws Exception {
        Files.writeString(proc.resolve("uid_map"), "         0       1001          1\n         1     100000      65536\n");
        Files.writeString(proc.resolve("gid_map"), "         0       1001          1\n");
        UserNamespace ns = UserNamespace.read(proc);
        assertThat(ns.rootless()).isTrue();
        assertThat(ns.mappedUids()).isEqualTo(65537);
        assertThat(ns.describeUids()).isEqualTo("0→1001, 1→100000 (65536 ids)");
        assertThat(ns.mapsGid(0)).isTrue();
        assertThat(ns.mapsGid(5)).as("a single-id gid map has no tty group").isFalse();
    }
}
