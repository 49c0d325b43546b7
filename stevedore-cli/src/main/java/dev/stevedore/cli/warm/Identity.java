package dev.stevedore.cli.warm;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Which build of Stevedore this process runs: its jar (or classes directory), that file's size
 * and modification time, and the Java it runs on. A client talks only to a server of the same
 * identity, so that a rebuilt jar is never served by an old JVM.
 */
public final class Identity {

    private Identity() {}

    public static String current() {
        try {
            Path code = Path.of(Identity.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            BasicFileAttributes a = Files.readAttributes(code, BasicFileAttributes.class);
            return code + " " + a.size() + " " + a.lastModifiedTime().toMillis() + " " + Runtime.version();
        } catch (IOException | URISyntaxException | SecurityException | NullPointerException e) {
            // a process that cannot tell its code is served by no other: its own pid makes it unique
            return "unknown " + ProcessHandle.current().pid() + " " + Runtime.version();
        }
    }
}
