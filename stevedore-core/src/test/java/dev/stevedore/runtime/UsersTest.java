package dev.stevedore.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.diag.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UsersTest {

    static final String PASSWD = """
            root:x:0:0:root:/root:/bin/sh
            # a comment, then a blank line and a broken one

            broken:x:notanumber:0::/:/bin/sh
            daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
            app:x:1000:1000:App:/home/app:/bin/sh
            nohome:x:1001:1001
            """;

    static final String GROUP = """
            root:x:0:
            daemon:x:1:
            app:x:1000:
            extra:x:2000:app
            more:x:2001:daemon, app
            staff:x:50:daemon
            """;

    private static ResolvedUser resolve(String user) {
        return Users.resolve(user, Optional.of(EtcEntries.parsePasswd(PASSWD)), Optional.of(EtcEntries.parseGroup(GROUP)));
    }

    @ParameterizedTest(name = "\"{0}\" -> {1}:{2} +[{3}] home {4}")
    @CsvSource(delimiter = '|', textBlock = """
            ''           | 0    | 0    | ''        | /root
            root         | 0    | 0    | ''        | /root
            0            | 0    | 0    | ''        | /root
            app          | 1000 | 1000 | 2000 2001 | /home/app
            1000         | 1000 | 1000 | 2000 2001 | /home/app
            app:extra    | 1000 | 2000 | ''        | /home/app
            app:2001     | 1000 | 2001 | ''        | /home/app
            app:777      | 1000 | 777  | ''        | /home/app
            1000:50      | 1000 | 50   | ''        | /home/app
            1000:staff   | 1000 | 50   | ''        | /home/app
            daemon       | 1    | 1    | 2001 50   | /usr/sbin
            4242         | 4242 | 0    | ''        | /
            4242:4343    | 4242 | 4343 | ''        | /
            4242:extra   | 4242 | 2000 | ''        | /
            nohome       | 1001 | 1001 | ''        | /
            """)
    void resolvesEveryUserForm(String user, int uid, int gid, String groups, String home) {
        List<Integer> additional = groups.isEmpty() ? List.of()
                : List.of(groups.split(" ")).stream().map(Integer::valueOf).toList();
        assertThat(resolve(user)).isEqualTo(new ResolvedUser(uid, gid, additional, home));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource(delimiter = '|', textBlock = """
            nobody       | unable to find user nobody: no matching entries in passwd file
            app:wheel    | unable to find group wheel: no matching entries in group file
            99999999999  | invalid user 99999999999: id out of range (max 2147483647)
            app:3000000000 | invalid group 3000000000: id out of range (max 2147483647)
            -1           | unable to find user -1: no matching entries in passwd file
            """)
    void unknownNamesAndBadIdsAreErrors(String user, String message) {
        assertThatThrownBy(() -> resolve(user)).isInstanceOf(InvalidInputException.class).hasMessage(message);
    }

    @Test
    void withoutPasswdFileOnlyNumbersResolve() {
        assertThat(Users.resolve("123:45", Optional.empty(), Optional.empty()))
                .isEqualTo(new ResolvedUser(123, 45, List.of(), "/"));
        assertThat(Users.resolve("", Optional.empty(), Optional.empty()))
                .isEqualTo(new ResolvedUser(0, 0, List.of(), "/"));
        assertThatThrownBy(() -> Users.resolve("app", Optional.empty(), Optional.empty()))
                .hasMessage("unable to find user app: no matching entries in passwd file");
    }

    @Test
    void parsesPasswdAndGroupLines() {
        assertThat(EtcEntries.parsePasswd(PASSWD)).extracting(EtcEntries.PasswdEntry::name)
                .containsExactly("root", "daemon", "app", "nohome");
        assertThat(EtcEntries.parseGroup(GROUP)).filteredOn(g -> g.name().equals("more"))
                .singleElement().isEqualTo(new EtcEntries.GroupEntry("more", 2001, List.of("daemon", "app")));
    }

    @Test
    void readsTheImagesOwnFilesNeverThroughALinkOutOfTheRoot(@TempDir Path dir) throws IOException {
        Path outside = Files.createDirectories(dir.resolve("outside/etc"));
        Files.writeString(outside.resolve("passwd"), "app:x:6666:6666::/evil:/bin/sh\n");
        Path rootfs = Files.createDirectories(dir.resolve("rootfs"));
        Files.createDirectories(rootfs.resolve("real"));
        Files.writeString(rootfs.resolve("real/passwd"), "app:x:1000:1000::/home/app:/bin/sh\n");
        // /etc -> ../../outside/etc would leave the root; inside it, .. stops at / and lands in /outside/etc.
        Files.createSymbolicLink(rootfs.resolve("etc"), Path.of("../../../outside/etc"));
        assertThatThrownBy(() -> Users.resolve(rootfs, "app"))
                .hasMessage("unable to find user app: no matching entries in passwd file");

        Files.delete(rootfs.resolve("etc"));
        Files.createDirectories(rootfs.resolve("etc"));
        Files.createSymbolicLink(rootfs.resolve("etc/passwd"), Path.of("/real/passwd"));
        assertThat(Users.resolve(rootfs, "app")).isEqualTo(new ResolvedUser(1000, 1000, List.of(), "/home/app"));
    }

    /** WORKDIR and COPY --chown, as BuildKit's file operations: root and numbers need no passwd, a bare number is also the gid. */
    @ParameterizedTest(name = "\"{0}\" -> {1}:{2}")
    @CsvSource(delimiter = '|', textBlock = """
            root       | 0    | 0
            9999       | 9999 | 9999
            1000       | 1000 | 1000
            root:root  | 0    | 0
            9999:42    | 9999 | 42
            app        | 1000 | 100
            app:extra  | 1000 | 2000
            9999:extra | 9999 | 2000
            """)
    void fileOwnersAsBuildKitsFileOperations(String spec, int uid, int gid, @TempDir Path dir) throws IOException {
        Path bare = Files.createDirectories(dir.resolve("scratch"));
        Path etc = Files.createDirectories(dir.resolve("image/etc"));
        Files.writeString(etc.resolve("passwd"), "app:x:1000:100::/home/app:/bin/sh\n");
        Files.writeString(etc.resolve("group"), "extra:x:2000:app\n");
        ResolvedUser owner = Users.fileOwner(etc.getParent(), spec);
        assertThat(List.of(owner.uid(), owner.gid())).containsExactly(uid, gid);
        if (!spec.contains("app") && !spec.contains("extra")) {
            ResolvedUser withoutFiles = Users.fileOwner(bare, spec);
            assertThat(List.of(withoutFiles.uid(), withoutFiles.gid())).as("no passwd file").containsExactly(uid, gid);
        }
    }

    @Test
    void aFileOwnerNameStillNeedsItsEntry(@TempDir Path dir) {
        assertThatThrownBy(() -> Users.fileOwner(dir, "app"))
                .hasMessage("unable to find user app: no matching entries in passwd file");
        assertThatThrownBy(() -> Users.fileOwner(dir, "0:staff"))
                .hasMessage("unable to find group staff: no matching entries in group file");
    }
}
