package dev.stevedore.exec;

import dev.stevedore.oci.Digest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * Cache keys: the sha256 of the parent key and the parts of a step, each length-prefixed so two
 * different lists of parts never hash alike.
 */
final class CacheKeys {

    private CacheKeys() {}

    static Digest root(String... parts) {
        return of(null, List.of(parts));
    }

    static Digest of(Digest parent, List<String> parts) {
        MessageDigest md = Digest.newSha256();
        update(md, parent == null ? "" : parent.toString());
        for (String part : parts) {
            update(md, part);
        }
        return Digest.of(Digest.SHA256, md);
    }

    private static void update(MessageDigest md, String part) {
        byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
        md.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
        md.update(bytes);
        md.update((byte) '\n');
    }
}
