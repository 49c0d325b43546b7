package dev.stevedore.runtime;

import java.util.List;

/**
 * A {@code User} string resolved against an image's {@code /etc/passwd} and {@code /etc/group}.
 *
 * @param additionalGids supplementary groups: those listing the user as a member, only when the
 *                       group was not given explicitly (as Docker does)
 * @param home           the passwd entry's home, {@code /} when there is none
 */
public record ResolvedUser(int uid, int gid, List<Integer> additionalGids, String home) {

    public ResolvedUser {
        additionalGids = List.copyOf(additionalGids);
    }
}
