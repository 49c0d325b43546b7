package dev.stevedore.rootless;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A user's range of subordinate ids, from {@code /etc/subuid} or {@code /etc/subgid}
 * ({@code NAME_OR_ID:START:COUNT} a line, shadow-utils' format): ids that belong to the user
 * without being the user's own, which {@code newuidmap}/{@code newgidmap} let it map into a user
 * namespace, so that an image's files of uid 1..65535 keep distinct owners.
 *
 * @param start the first outside id
 * @param count how many
 */
public record SubordinateIds(long start, long count) {

    /** The first range {@code file} grants to {@code user} (by name or by id), if any. */
    public static Optional<SubordinateIds> of(Path file, String user, long id) throws IOException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        for (String line : text.split("\n")) {
            String[] f = line.trim().split(":");
            if (f.length != 3 || !(f[0].equals(user) || f[0].equals(Long.toString(id)))) {
                continue;
            }
            try {
                long start = Long.parseLong(f[1]);
                long count = Long.parseLong(f[2]);
                if (start >= 0 && count > 0) {
                    return Optional.of(new SubordinateIds(start, count));
                }
            } catch (NumberFormatException e) {
                // a malformed line grants nothing, as newuidmap reads it
            }
        }
        return Optional.empty();
    }
}
