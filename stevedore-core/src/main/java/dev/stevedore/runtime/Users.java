package dev.stevedore.runtime;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.fs.RootedPaths;
import dev.stevedore.runtime.EtcEntries.GroupEntry;
import dev.stevedore.runtime.EtcEntries.PasswdEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Resolves an image's {@code User} ({@code user[:group]}, each a name or a number) as Docker and
 * BuildKit do ({@code moby/sys/user.GetExecUser}): against the image's own {@code /etc/passwd}
 * and {@code /etc/group}, never the host's. A name must have an entry; a number need not (its
 * gid is then 0). Without an explicit group, the gid is the passwd entry's and the groups that
 * list the user as a member become supplementary groups.
 */
public final class Users {

    private Users() {}

    /** Reads the root filesystem's {@code /etc/passwd} and {@code /etc/group} (symlinks kept inside it) and resolves. */
    public static ResolvedUser resolve(Path rootfs, String user) throws IOException {
        return resolve(user, read(rootfs, "/etc/passwd").map(EtcEntries::parsePasswd),
                read(rootfs, "/etc/group").map(EtcEntries::parseGroup));
    }

    private static Optional<String> read(Path rootfs, String path) throws IOException {
        Path file = RootedPaths.resolve(rootfs, path, "the root filesystem");
        return Files.isRegularFile(file)
                ? Optional.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8))
                : Optional.empty();
    }

    /**
     * Resolves {@code user} against parsed files; an empty optional is a missing file.
     *
     * @throws InvalidInputException for a name without an entry or an id out of range
     */
    static ResolvedUser resolve(String user, Optional<List<PasswdEntry>> passwd, Optional<List<GroupEntry>> groups) {
        int colon = user.indexOf(':');
        String userArg = colon < 0 ? user : user.substring(0, colon);
        String groupArg = colon < 0 ? "" : user.substring(colon + 1);
        if (userArg.isEmpty()) {
            userArg = "0";
        }
        String wanted = userArg;
        Optional<PasswdEntry> entry = passwd.orElse(List.of()).stream()
                .filter(p -> p.name().equals(wanted) || Integer.toString(p.uid()).equals(wanted))
                .findFirst();
        int uid;
        int gid;
        String name;
        String home;
        if (entry.isPresent()) {
            uid = entry.get().uid();
            gid = entry.get().gid();
            name = entry.get().name();
            home = entry.get().home().isEmpty() ? "/" : entry.get().home();
        } else {
            uid = number(userArg, "user", "passwd");
            gid = 0;
            name = null;
            home = "/";
        }
        List<GroupEntry> allGroups = groups.orElse(List.of());
        if (!groupArg.isEmpty()) {
            return new ResolvedUser(uid, explicitGroup(groupArg, allGroups), List.of(), home);
        }
        List<Integer> supplementary = name == null ? List.of() : allGroups.stream()
                .filter(g -> g.members().contains(name))
                .map(GroupEntry::gid)
                .distinct()
                .toList();
        return new ResolvedUser(uid, gid, supplementary, home);
    }

    private static int explicitGroup(String groupArg, List<GroupEntry> groups) {
        return groups.stream()
                .filter(g -> g.name().equals(groupArg) || Integer.toString(g.gid()).equals(groupArg))
                .map(GroupEntry::gid)
                .findFirst()
                .orElseGet(() -> number(groupArg, "group", "group"));
    }

    /** A numeric id without an entry; anything else is a name nobody has. */
    private static int number(String arg, String kind, String file) {
        OptionalInt id = EtcEntries.id(arg);
        if (id.isPresent()) {
            return id.getAsInt();
        }
        if (!arg.isEmpty() && arg.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidInputException("invalid " + kind + " " + arg + ": id out of range (max 2147483647)");
        }
        throw new InvalidInputException("unable to find " + kind + " " + arg + ": no matching entries in " + file + " file");
    }
}
