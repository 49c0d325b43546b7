package dev.stevedore.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The private directory of one run, {@code <stateDir>/run-<pid>-<random>}: the runtime spec
 * ({@code config.json}), the generated {@code /etc} files and the list of mount stubs. Its name is
 * also the container's id, and carries the pid of the Stevedore process that owns it (its
 * {@code owner} file adds that process's start time, against pid reuse), so that
 * {@code cleanupStale} can tell the leftovers of dead processes from the runs of live ones.
 */
final class Bundle {

    static final String PREFIX = "run-";
    private static final String OWNER = "owner";
    private static final String STUBS = "stubs";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Bundles hold the spec, and so the values of secrets passed as environment variables. */
    private static final FileAttribute<Set<PosixFilePermission>> PRIVATE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    private static final FileAttribute<Set<PosixFilePermission>> PRIVATE_FILE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private static final FileAttribute<Set<PosixFilePermission>> READABLE_FILE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--"));

    private final Path dir;

    private Bundle(Path dir) {
        this.dir = dir;
    }

    /** Creates a fresh bundle directory (mode 0700) owned by this process. */
    static Bundle create(Path stateDir) throws IOException {
        Files.createDirectories(stateDir, PRIVATE);
        byte[] random = new byte[6];
        RANDOM.nextBytes(random);
        ProcessHandle self = ProcessHandle.current();
        Path dir = stateDir.resolve(PREFIX + self.pid() + "-" + HexFormat.of().formatHex(random));
        Files.createDirectory(dir, PRIVATE);
        Bundle bundle = new Bundle(dir);
        bundle.write(OWNER, self.info().startInstant().map(i -> Long.toString(i.toEpochMilli())).orElse(""));
        return bundle;
    }

    /** The existing bundles under {@code stateDir}. */
    static List<Bundle> list(Path stateDir) throws IOException {
        List<Bundle> bundles = new ArrayList<>();
        if (!Files.isDirectory(stateDir)) {
            return bundles;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(stateDir, PREFIX + "*")) {
            for (Path entry : entries) {
                if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    bundles.add(new Bundle(entry));
                }
            }
        }
        return bundles;
    }

    Path dir() {
        return dir;
    }

    /** The container id: the directory's name. */
    String id() {
        return dir.getFileName().toString();
    }

    void write(String name, String content) throws IOException {
        write(name, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes a new file, mode 0600. */
    void write(String name, byte[] content) throws IOException {
        write(name, content, PRIVATE_FILE);
    }

    /** Writes a new file, mode 0644: one the container bind-mounts for any of its users to read. */
    void writeReadable(String name, String content) throws IOException {
        write(name, content.getBytes(StandardCharsets.UTF_8), READABLE_FILE);
    }

    private void write(String name, byte[] content, FileAttribute<Set<PosixFilePermission>> mode) throws IOException {
        try (var out = Files.newOutputStream(Files.createFile(dir.resolve(name), mode))) {
            out.write(content);
        }
    }

    void writeStubs(MountStubs stubs) throws IOException {
        StringBuilder text = new StringBuilder();
        stubs.paths().forEach(p -> text.append(p).append('\n'));
        write(STUBS, text.toString());
    }

    MountStubs readStubs() throws IOException {
        Path file = dir.resolve(STUBS);
        if (!Files.isRegularFile(file)) {
            return MountStubs.of(List.of());
        }
        return MountStubs.of(Files.readAllLines(file).stream().filter(l -> !l.isEmpty()).map(Path::of).toList());
    }

    /** Whether the process that created this bundle is gone (or a different process now has its pid). */
    static boolean ownerIsDead(String id, Optional<Bundle> bundle) {
        OptionalLong pid = ownerPid(id);
        if (pid.isEmpty()) {
            return false; // not one of ours
        }
        Optional<ProcessHandle> owner = ProcessHandle.of(pid.getAsLong()).filter(ProcessHandle::isAlive);
        if (owner.isEmpty()) {
            return true;
        }
        Optional<String> started = bundle.flatMap(Bundle::ownerStart);
        Optional<Instant> actual = owner.get().info().startInstant();
        return started.isPresent() && actual.isPresent()
                && !started.get().equals(Long.toString(actual.get().toEpochMilli()));
    }

    private Optional<String> ownerStart() {
        try {
            String text = Files.readString(dir.resolve(OWNER)).strip();
            return text.isEmpty() ? Optional.empty() : Optional.of(text);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The pid in {@code run-<pid>-<random>}. */
    static OptionalLong ownerPid(String id) {
        if (!id.startsWith(PREFIX)) {
            return OptionalLong.empty();
        }
        String rest = id.substring(PREFIX.length());
        int dash = rest.indexOf('-');
        String pid = dash < 0 ? "" : rest.substring(0, dash);
        if (pid.isEmpty() || pid.length() > 10 || !pid.chars().allMatch(Character::isDigit)) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(pid));
    }

    /** Deletes the directory and what it holds (plain files only: nothing is mounted there). */
    void remove() throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                Files.deleteIfExists(entry);
            }
        }
        Files.deleteIfExists(dir);
    }
}
