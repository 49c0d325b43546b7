package dev.stevedore.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stevedore.linux.Mounts;
import dev.stevedore.testing.Prerequisites;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {

    @TempDir
    Path dir;

    @Test
    void deletesATreeWithReadOnlyDirectoriesWithoutFollowingSymlinks() throws IOException {
        Path outside = Files.writeString(dir.resolve("outside"), "keep me");
        Path tree = Files.createDirectories(dir.resolve("tree/a/b"));
        Files.writeString(tree.resolve("f"), "x");
        Files.createSymbolicLink(dir.resolve("tree/link"), outside);
        Files.createSymbolicLink(dir.resolve("tree/dirlink"), dir);
        Files.setPosixFilePermissions(dir.resolve("tree/a"), PosixFilePermissions.fromString("r-x------"));

        FileTrees.delete(dir.resolve("tree"));

        assertThat(dir.resolve("tree")).doesNotExist();
        assertThat(outside).hasContent("keep me");
    }

    @Test
    void anAbsentTreeIsNothingToDo() throws IOException {
        FileTrees.delete(dir.resolve("nothing"));
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void refusesToDeleteThroughAMountPoint() throws IOException {
        Prerequisites.root();
        Path mountPoint = Files.createDirectories(dir.resolve("tree/mnt"));
        Mounts.mount("tmpfs", mountPoint, "tmpfs", 0, "size=1m");
        try {
            Files.writeString(mountPoint.resolve("precious"), "below the mount");
            assertThatThrownBy(() -> FileTrees.delete(dir.resolve("tree")))
                    .isInstanceOf(IOException.class).hasMessageContaining("it is a mount point");
            assertThat(mountPoint.resolve("precious")).hasContent("below the mount");
        } finally {
            Mounts.umount2(mountPoint, 0);
        }
    }
}
