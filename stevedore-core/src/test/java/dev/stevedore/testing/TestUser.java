package dev.stevedore.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The unprivileged user ({@code stevedore-test}) rootless tests run Stevedore as, made by
 * {@code tools/test-user.sh} (the one place that creates it, for the tests and for {@code .ci/run})
 * with subordinate ids. The tests run as root and step down with util-linux's {@code runuser}.
 */
public record TestUser(String name, long uid, long gid) {

    /** Creates the user when missing; needs root and newuidmap (see {@link Prerequisites}). */
    public static TestUser ensure() throws IOException, InterruptedException {
        return make(List.of());
    }

    /** {@code stevedore-nosub}: a user without subordinate ids, whom rootless mode maps alone (a single-id mapping). */
    public static TestUser ensureWithoutSubordinateIds() throws IOException, InterruptedException {
        return make(List.of("--no-subids"));
    }

    private static TestUser make(List<String> options) throws IOException, InterruptedException {
        Prerequisites.root();
        Prerequisites.tool("newuidmap");
        Prerequisites.tool("runuser");
        List<String> command = new ArrayList<>(List.of(repository().resolve("tools/test-user.sh").toString()));
        command.addAll(options);
        String name = output(command).strip();
        long uid = Long.parseLong(output(List.of("id", "-u", name)).strip());
        long gid = Long.parseLong(output(List.of("id", "-g", name)).strip());
        return new TestUser(name, uid, gid);
    }

    /** {@code command} as this user, with {@code env} added to root's environment. */
    public ProcessBuilder command(Map<String, String> env, List<String> command) {
        List<String> argv = new ArrayList<>(List.of("runuser", "-u", name, "--", "env"));
        env.forEach((k, v) -> argv.add(k + "=" + v));
        argv.addAll(command);
        return new ProcessBuilder(argv);
    }

    /** A directory under {@code /tmp} the user owns (JUnit's temp dirs are root's and closed to others). */
    public Path ownedDirectory(String prefix) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), prefix,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        output(List.of("chown", uid + ":" + gid, dir.toString()));
        return dir;
    }

    /**
     * This JVM's class path copied where the user can read it ({@code ~/.m2} is root's), as a
     * class path string: so a child JVM as the user runs the code under test.
     */
    public static String readableClassPath(Path dir) throws IOException {
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(":")) {
            Path from = Path.of(entry);
            if (!Files.exists(from)) {
                continue;
            }
            Path to = dir.resolve(n++ + "-" + from.getFileName());
            if (Files.isDirectory(from)) {
                try (Stream<Path> walk = Files.walk(from)) {
                    for (Path p : walk.toList()) {
                        Path target = to.resolve(from.relativize(p).toString());
                        if (Files.isDirectory(p)) {
                            Files.createDirectories(target);
                        } else {
                            Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
            } else {
                Files.copy(from, to);
            }
            entries.add(to.toString());
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        return String.join(":", entries);
    }

    /** Removes {@code dir}, whatever owns what is in it (the user's subordinate ids). */
    public static void remove(Path dir) throws IOException, InterruptedException {
        output(List.of("rm", "-rf", "--one-file-system", dir.toString()));
    }

    private static Path repository() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("tools/test-user.sh"))) {
                return p;
            }
        }
        throw new IllegalStateException("no tools/test-user.sh above " + Path.of("").toAbsolutePath());
    }

    private static String output(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }
}
