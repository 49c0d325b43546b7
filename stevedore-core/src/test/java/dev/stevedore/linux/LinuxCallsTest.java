package dev.stevedore.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.testing.Prerequisites;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinuxCallsTest {

    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    @TempDir
    Path dir;

    private static int attr(Path p, String name) throws IOException {
        return (int) Files.getAttribute(p, "unix:" + name, NOFOLLOW);
    }

    private static void assumeRoot() {
        Prerequisites.root();
    }

    @Test
    void getuidIsTheOwnerOfNewFiles() throws IOException {
        Path f = Files.createFile(dir.resolve("f"));
        assertThat(FileCalls.getuid()).isEqualTo(attr(f, "uid"));
    }

    @Test
    void deviceNumbersSplitLikeGlibc() {
        assertThat(new Device(1, 3).rdev()).isEqualTo(0x103L);
        assertThat(new Device(259, 70000).rdev()).isEqualTo(Device.of(new Device(259, 70000).rdev()).rdev());
        assertThat(Device.of(new Device(4095 + 4096, 0x12345).rdev())).isEqualTo(new Device(8191, 0x12345));
        assertThat(Device.of(0)).isEqualTo(new Device(0, 0));
    }

    @Test
    void mknodMakesFifosAndDevices() throws IOException {
        assumeRoot();
        Path fifo = dir.resolve("fifo");
        FileCalls.mknod(fifo, FileCalls.S_IFIFO | 0644, new Device(0, 0));
        assertThat(Files.readAttributes(fifo, java.nio.file.attribute.BasicFileAttributes.class, NOFOLLOW).isOther()).isTrue();
        assertThat(attr(fifo, "mode") & 0170000).isEqualTo(FileCalls.S_IFIFO);

        Path nul = dir.resolve("null");
        FileCalls.mknod(nul, FileCalls.S_IFCHR | 0666, new Device(1, 3));
        assertThat(attr(nul, "mode") & 0170000).isEqualTo(FileCalls.S_IFCHR);
        assertThat(Device.of((long) Files.getAttribute(nul, "unix:rdev", NOFOLLOW))).isEqualTo(new Device(1, 3));
    }

    @Test
    void mknodFailureNamesTheCallAndThePath() {
        Path missing = dir.resolve("no/such/dir/fifo");
        assertThatThrownBy(() -> FileCalls.mknod(missing, FileCalls.S_IFIFO | 0644, new Device(0, 0)))
                .isInstanceOf(ErrnoException.class)
                .hasMessage("mknod " + missing + ": No such file or directory (errno 2)")
                .satisfies(e -> assertThat(((ErrnoException) e).errno()).isEqualTo(ErrnoException.ENOENT));
    }

    @Test
    void lchownChangesTheLinkNotItsTarget() throws IOException {
        assumeRoot();
        Path target = Files.createFile(dir.resolve("target"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), target);
        FileCalls.lchown(link, 1234, 5678);
        assertThat(attr(link, "uid")).isEqualTo(1234);
        assertThat(attr(link, "gid")).isEqualTo(5678);
        assertThat(attr(target, "uid")).isEqualTo(0);
    }

    @Test
    void chmodKeepsSpecialBits() throws IOException {
        Path f = Files.createFile(dir.resolve("f"));
        FileCalls.chmod(f, 07755);
        assertThat(attr(f, "mode") & 07777).isEqualTo(07755);
        FileCalls.chmod(f, 04711);
        assertThat(attr(f, "mode") & 07777).isEqualTo(04711);
    }

    @Test
    void lutimesSetsTheTimesOfASymlinkItself() throws IOException {
        Path target = Files.createFile(dir.resolve("target"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), target);
        Instant when = Instant.parse("2001-02-03T04:05:06.123456789Z");
        FileCalls.lutimes(link, when, when);
        assertThat(Files.getLastModifiedTime(link, NOFOLLOW)).isEqualTo(FileTime.from(when));
        assertThat(Files.getLastModifiedTime(target, NOFOLLOW)).isNotEqualTo(FileTime.from(when));
    }

    @Test
    void xattrsAreBinaryAndListed() throws IOException {
        assumeRoot();
        Path f = Files.createFile(dir.resolve("f"));
        byte[] value = {1, 0, (byte) 0xff, (byte) 0x80, 2};
        Xattrs.set(f, "trusted.stevedore", value);
        Xattrs.set(f, "user.empty", new byte[0]);
        assertThat(Xattrs.get(f, "trusted.stevedore")).hasValueSatisfying(v -> assertThat(v).isEqualTo(value));
        assertThat(Xattrs.get(f, "user.empty")).hasValueSatisfying(v -> assertThat(v).isEmpty());
        assertThat(Xattrs.get(f, "user.absent")).isEmpty();
        assertThat(Xattrs.list(f)).contains("trusted.stevedore", "user.empty");
    }

    @Test
    void xattrFailureNamesTheAttribute() {
        Path missing = dir.resolve("missing");
        assertThatThrownBy(() -> Xattrs.set(missing, "user.x", "v".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ErrnoException.class)
                .hasMessage("lsetxattr " + missing + " (user.x): No such file or directory (errno 2)");
    }

    @Test
    void mountsATmpfsAndAnOverlayAndUnmountsThem() throws IOException {
        assumeRoot();
        Path tmpfs = Files.createDirectory(dir.resolve("tmpfs"));
        Mounts.mount("tmpfs", tmpfs, "tmpfs", Mounts.MS_NOSUID | Mounts.MS_NODEV, "size=1m,mode=0700");
        try {
            Files.writeString(tmpfs.resolve("in-tmpfs"), "x");
            assertThat(attr(tmpfs, "mode") & 07777).isEqualTo(0700);
        } finally {
            Mounts.umount2(tmpfs, 0);
        }
        assertThat(tmpfs.resolve("in-tmpfs")).doesNotExist();

        Path lower = Files.createDirectory(dir.resolve("lower"));
        Path upper = Files.createDirectory(dir.resolve("upper"));
        Path work = Files.createDirectory(dir.resolve("work"));
        Path merged = Files.createDirectory(dir.resolve("merged"));
        Files.writeString(lower.resolve("from-lower"), "lower");
        Mounts.mount("overlay", merged, "overlay", 0,
                "lowerdir=" + lower + ",upperdir=" + upper + ",workdir=" + work);
        try {
            assertThat(merged.resolve("from-lower")).hasContent("lower");
            Files.writeString(merged.resolve("new"), "upper");
            Files.delete(merged.resolve("from-lower"));
        } finally {
            Mounts.umount2(merged, Mounts.MNT_DETACH);
        }
        assertThat(upper.resolve("new")).hasContent("upper");
        assertThat(attr(upper.resolve("from-lower"), "mode") & 0170000).isEqualTo(FileCalls.S_IFCHR);
        assertThat(lower.resolve("from-lower")).hasContent("lower");
        assertThat(merged.resolve("new")).doesNotExist();
    }

    @Test
    void umountOfSomethingNotMountedFails() {
        assertThatThrownBy(() -> Mounts.umount2(dir, 0))
                .isInstanceOf(ErrnoException.class)
                .hasMessageStartingWith("umount2 " + dir + ": Invalid argument");
    }
}
