package dev.stevedore.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Entries of {@code /etc/passwd} and {@code /etc/group} as libc reads them: one per line, fields
 * separated by {@code :}; blank lines, comments and lines with a malformed id are skipped.
 */
final class EtcEntries {

    private EtcEntries() {}

    /** {@code name:password:uid:gid:gecos:home:shell}. */
    record PasswdEntry(String name, int uid, int gid, String home) {}

    /** {@code name:password:gid:member,member}. */
    record GroupEntry(String name, int gid, List<String> members) {
        GroupEntry {
            members = List.copyOf(members);
        }
    }

    static List<PasswdEntry> parsePasswd(String text) {
        List<PasswdEntry> entries = new ArrayList<>();
        for (String[] f : fields(text)) {
            if (f.length < 4) {
                continue;
            }
            OptionalInt uid = id(f[2]);
            OptionalInt gid = id(f[3]);
            if (uid.isPresent() && gid.isPresent()) {
                entries.add(new PasswdEntry(f[0], uid.getAsInt(), gid.getAsInt(), f.length > 5 ? f[5] : ""));
            }
        }
        return List.copyOf(entries);
    }

    static List<GroupEntry> parseGroup(String text) {
        List<GroupEntry> entries = new ArrayList<>();
        for (String[] f : fields(text)) {
            if (f.length < 3) {
                continue;
            }
            OptionalInt gid = id(f[2]);
            if (gid.isPresent()) {
                List<String> members = f.length > 3 && !f[3].isBlank()
                        ? List.of(f[3].trim().split("\\s*,\\s*")) : List.of();
                entries.add(new GroupEntry(f[0], gid.getAsInt(), members));
            }
        }
        return List.copyOf(entries);
    }

    private static List<String[]> fields(String text) {
        List<String[]> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                lines.add(trimmed.split(":", -1));
            }
        }
        return lines;
    }

    /** A user or group id: a decimal number from 0 to 2^31-1. */
    static OptionalInt id(String text) {
        if (text.isEmpty() || text.length() > 10 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return OptionalInt.empty();
        }
        long value = Long.parseLong(text);
        return value > Integer.MAX_VALUE ? OptionalInt.empty() : OptionalInt.of((int) value);
    }
}
