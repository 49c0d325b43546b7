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
 *
 * <p>The owner of what WORKDIR and {@code COPY --chown} create follows BuildKit's file operations
 * instead ({@link #fileOwner}): there {@code root} and numbers need no passwd file.
 */
public final class Users {

    private Users() {}

    /** Reads the root filesystem's {@code /etc/passwd} and {@code /etc/group} (symlinks kept inside it) and resolves. */
    public static ResolvedUser resolve(Path rootfs, String user) throws IOException {
        return resolve(user, read(rootfs, "/etc/passwd").map(EtcEntries::parsePasswd),
                read(rootfs, "/etc/group").map(EtcEntries::parseGroup));
    }

    /**
     * The owner BuildKit gives files that WORKDIR creates as the image's {@code User}, or that
     * {@code COPY --chown=SPEC} copies ({@code llb.WithUser} and the solver's {@code readUser}):
     * each part of {@code user[:group]} that is {@code root} or a number is that id without any
     * lookup, and a numeric user without a group is also the gid ({@code 9999} → 9999:9999);
     * only names are looked up, in the root filesystem's passwd and group files.
     *
     * @throws InvalidInputException for a name without an entry
     */
    public static ResolvedUser fileOwner(Path rootfs, String spec) throws IOException {
        int colon = spec.indexOf(':');
        String userArg = colon < 0 ? spec : spec.substring(0, colon);
        OptionalInt uid = fileId(userArg);
        ResolvedUser user = uid.isPresent()
                ? new ResolvedUser(uid.getAsInt(), uid.getAsInt(), List.of(), "/")
                : resolve(rootfs, userArg);
        if (colon < 0) {
            return user;
        }
        String groupArg = spec.substring(colon + 1);
        OptionalInt gid = fileId(groupArg);
        int group = gid.isPresent() ? gid.getAsInt()
                : explicitGroup(groupArg, read(rootfs, "/etc/group").map(EtcEntries::parseGroup).orElse(List.of()));
        return new ResolvedUser(user.uid(), group, List.of(), user.home());
    }

    /** BuildKit's {@code parseUID} of its file operations: {@code root} is 0, a number is itself. */
    private static OptionalInt fileId(String arg) {
        return arg.equals("root") ? OptionalInt.of(0) : EtcEntries.id(arg);
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
