package dev.stevedore.rootless;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * This JVM's own command line, to start again inside a user namespace: {@code /proc/self/cmdline}
 * as it was (options, class path, main class, arguments), with the home and name of the user it
 * runs for, which Java would otherwise take from the password database's entry for uid 0.
 */
public final class Relaunch {

    private Relaunch() {}

    public static List<String> command(Identity who) throws IOException {
        byte[] raw = Files.readAllBytes(Path.of("/proc/self/cmdline"));
        List<String> argv = new ArrayList<>(Arrays.asList(new String(raw, StandardCharsets.UTF_8).split("\0")));
        List<String> command = new ArrayList<>();
        command.add(argv.getFirst());
        command.add("-Duser.home=" + who.home());
        command.add("-Duser.name=" + who.name());
        command.addAll(argv.subList(1, argv.size()));
        return command;
    }
}
