package dev.stevedore.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A minimal root filesystem from Debian's {@code busybox-static}: {@code /bin/busybox} with
 * links for the applets the tests use, and {@code /etc/passwd}, {@code /etc/group} with a user
 * {@code app} (1000) in groups {@code app} (1000) and {@code extra} (2000). No {@code /proc},
 * {@code /dev}, {@code /sys}, {@code /etc/hosts}: the runtime must cope and leave no trace.
 */
final class BusyboxRootfs {

    static final Path BUSYBOX = Path.of("/bin/busybox");

    private static final String[] APPLETS = {
        "sh", "echo", "id", "ls", "cat", "ip", "sleep", "hostname", "env", "pwd", "touch", "grep", "stat", "true"
    };

    private BusyboxRootfs() {}

    static Path create(Path dir) throws IOException {
        Path root = Files.createDirectories(dir.resolve("rootfs"));
        Path bin = Files.createDirectories(root.resolve("bin"));
        Files.copy(BUSYBOX, bin.resolve("busybox"), StandardCopyOption.COPY_ATTRIBUTES);
        for (String applet : APPLETS) {
            Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
        }
        Path etc = Files.createDirectories(root.resolve("etc"));
        Files.writeString(etc.resolve("passwd"), """
                root:x:0:0:root:/root:/bin/sh
                app:x:1000:1000:App:/home/app:/bin/sh
                """);
        Files.writeString(etc.resolve("group"), """
                root:x:0:
                app:x:1000:
                extra:x:2000:app
                """);
        return root;
    }
}
