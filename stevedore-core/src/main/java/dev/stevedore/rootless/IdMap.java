package dev.stevedore.rootless;

import dev.stevedore.linux.UserNamespace.IdRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The ids a rootless namespace maps, as Buildah and rootlesskit map them: the user's own id is
 * root (0) inside, and the subordinate ids are 1, 2, … — so a file root owns in the image is the
 * user's on disk, and one uid 33 owns is {@code start + 32}. Without subordinate ids only 0 is
 * mapped (a single-id mapping): images whose files belong to other users cannot be unpacked.
 *
 * @param ranges inside → outside, 0 first
 */
public record IdMap(List<IdRange> ranges) {

    public IdMap {
        ranges = List.copyOf(ranges);
    }

    public static IdMap of(long own, Optional<SubordinateIds> subordinate) {
        List<IdRange> ranges = new ArrayList<>();
        ranges.add(new IdRange(0, own, 1));
        subordinate.ifPresent(s -> ranges.add(new IdRange(1, s.start(), s.count())));
        return new IdMap(ranges);
    }

    /** Whether only the user's own id is mapped. */
    public boolean single() {
        return ranges.size() == 1;
    }

    /** The arguments of {@code newuidmap PID ...}: a triple per range. */
    List<String> helperArguments() {
        List<String> args = new ArrayList<>();
        for (IdRange r : ranges) {
            args.add(Long.toString(r.inside()));
            args.add(Long.toString(r.outside()));
            args.add(Long.toString(r.count()));
        }
        return args;
    }

    /** The text of {@code /proc/PID/uid_map}, which an unprivileged process may write for its own id only. */
    String procText() {
        StringBuilder text = new StringBuilder();
        ranges.forEach(r -> text.append(r.inside()).append(' ').append(r.outside()).append(' ').append(r.count()).append('\n'));
        return text.toString();
    }
}
