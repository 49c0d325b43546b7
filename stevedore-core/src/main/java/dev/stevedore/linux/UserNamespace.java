package dev.stevedore.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The user namespace this process runs in, as {@code /proc/self/uid_map} and {@code gid_map}
 * describe it. In the initial namespace every id maps to itself ({@code 0 0 4294967295}); in any
 * other (rootless mode, a rootless container) uid 0 is only root over what the namespace owns:
 * overlay then needs {@code userxattr} and keeps its opaque marks in {@code user.overlay.*}.
 *
 * @param uids the uid ranges, inside → outside
 * @param gids the gid ranges, inside → outside
 */
public record UserNamespace(List<IdRange> uids, List<IdRange> gids) {

    /** One line of an id map: {@code count} ids from {@code inside} are {@code outside} outside. */
    public record IdRange(long inside, long outside, long count) {
        @Override
        public String toString() {
            return inside + "→" + outside + (count == 1 ? "" : " (" + count + " ids)");
        }
    }

    private static final UserNamespace CURRENT = read(Path.of("/proc/self"));

    public UserNamespace {
        uids = List.copyOf(uids);
        gids = List.copyOf(gids);
    }

    /** This process's namespace, read once: a process never changes its user namespace after start. */
    public static UserNamespace current() {
        return CURRENT;
    }

    /** The namespace of the process whose {@code /proc/PID} directory is {@code proc}. */
    static UserNamespace read(Path proc) {
        return new UserNamespace(ranges(proc.resolve("uid_map")), ranges(proc.resolve("gid_map")));
    }

    /** Whether this is the host's namespace, where uid 0 is the machine's root. */
    public boolean initial() {
        return uids.size() == 1 && uids.getFirst().equals(new IdRange(0, 0, 4294967295L));
    }

    /** Whether root here is an ordinary user outside (the uid 0 of a namespace not the initial one). */
    public boolean rootless() {
        return !initial();
    }

    /** Whether {@code gid} exists here (is mapped to one outside). */
    public boolean mapsGid(long gid) {
        return gids.stream().anyMatch(r -> gid >= r.inside() && gid - r.inside() < r.count());
    }

    /** How many uids the namespace maps: 1 when only the user's own id is there. */
    public long mappedUids() {
        return uids.stream().mapToLong(IdRange::count).sum();
    }

    /** The uid map as a sentence fragment, e.g. {@code 0→1000, 1→100000 (65536 ids)}. */
    public String describeUids() {
        return uids.stream().map(IdRange::toString).collect(Collectors.joining(", "));
    }

    private static List<IdRange> ranges(Path map) {
        List<IdRange> ranges = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(map)) {
                String[] f = line.trim().split("\\s+");
                if (f.length == 3) {
                    ranges.add(new IdRange(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2])));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // No /proc (never on the Linux RUN needs): the host's namespace is the only sensible guess.
            return List.of(new IdRange(0, 0, 4294967295L));
        }
        return ranges;
    }
}
