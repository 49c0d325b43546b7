package dev.stevedore.rootless;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.linux.UserNamespace.IdRange;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /etc/subuid} as newuidmap reads it, and the maps rootless mode asks for. */
class IdMapsTest {

    @TempDir
    Path dir;

    @Test
    void theFirstRangeOfTheUserByNameOrIdIsTaken() throws Exception {
        Path subuid = dir.resolve("subuid");
        Files.writeString(subuid, """
                alice:100000:65536
                bob:not-a-number:5
                1001:200000:1000
                bob:300000:65536
                """);
        assertThat(SubordinateIds.of(subuid, "alice", 1000)).contains(new SubordinateIds(100000, 65536));
        assertThat(SubordinateIds.of(subuid, "carol", 1001)).contains(new SubordinateIds(200000, 1000));
        assertThat(SubordinateIds.of(subuid, "bob", 1002)).contains(new SubordinateIds(300000, 65536));
        assertThat(SubordinateIds.of(subuid, "dave", 1003)).isEmpty();
        assertThat(SubordinateIds.of(dir.resolve("missing"), "alice", 1000)).isEmpty();
    }

    @Test
    void theUserIsRootAndItsSubordinateIdsFollow() {
        IdMap map = IdMap.of(1000, Optional.of(new SubordinateIds(100000, 65536)));
        assertThat(map.ranges()).containsExactly(new IdRange(0, 1000, 1), new IdRange(1, 100000, 65536));
        assertThat(map.single()).isFalse();
        assertThat(map.helperArguments()).containsExactly("0", "1000", "1", "1", "100000", "65536");

        IdMap alone = IdMap.of(1000, Optional.empty());
        assertThat(alone.single()).isTrue();
        assertThat(alone.procText()).isEqualTo("0 1000 1\n");
        assertThat(alone.helperArguments()).containsExactly("0", "1000", "1");
    }
}
