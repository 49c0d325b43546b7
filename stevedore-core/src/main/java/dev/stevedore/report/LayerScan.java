package dev.stevedore.report;

import dev.stevedore.diag.InternalException;
import dev.stevedore.archive.TarEntry;
import dev.stevedore.archive.TarReader;
import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.Digest;
import dev.stevedore.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** The members of one layer blob of the store, read with {@link TarReader}. */
record LayerScan(Descriptor blob, List<Member> members, OptionalLong compressed) {

    /** How much of a possible secret file is kept to look at: the markers are near the start. */
    private static final int HEAD = 8192;

    LayerScan {
        members = List.copyOf(members);
    }

    /** The layer's size: its regular files' bytes, and its compressed blob's, when one exists. */
    Size size() {
        return new Size(members.stream().mapToLong(Member::size).sum(), compressed);
    }

    /**
     * Reads the layer {@code blob}.
     *
     * @param contents whether to hash each file's content (and keep the head of possible secrets);
     *                 without, only the headers are read
     */
    static LayerScan read(Store store, Descriptor blob, boolean contents) {
        List<Member> members = new ArrayList<>();
        try (InputStream in = store.blobs().open(blob.digest())) {
            TarReader reader = TarReader.ofLayer(in);
            for (Optional<TarEntry> next = reader.next(); next.isPresent(); next = reader.next()) {
                TarEntry e = next.get();
                String path = e.rootedPath();
                if (path.equals("/")) {
                    continue;
                }
                boolean file = e.type() == TarEntry.Type.FILE;
                if (!contents || !file) {
                    members.add(new Member(path, e.type(), e.size(), Optional.empty(), Optional.empty()));
                    continue;
                }
                boolean keepHead = SecretRules.mayHoldSecret(path);
                MessageDigest sha = Digest.newSha256();
                byte[] head = new byte[keepHead ? (int) Math.min(HEAD, e.size()) : 0];
                InputStream content = reader.content();
                int kept = content.readNBytes(head, 0, head.length);
                sha.update(head, 0, kept);
                byte[] buffer = new byte[64 * 1024];
                for (int n = content.read(buffer); n >= 0; n = content.read(buffer)) {
                    sha.update(buffer, 0, n);
                }
                members.add(new Member(path, e.type(), e.size(),
                        Optional.of(Digest.of("sha256", sha)),
                        keepHead ? Optional.of(new String(head, 0, kept, StandardCharsets.ISO_8859_1)) : Optional.empty()));
            }
        } catch (IOException e) {
            throw new InternalException("cannot read layer " + blob.digest() + ": " + e.getMessage(), e);
        }
        return new LayerScan(blob, members, store.compressedForms().compressedSize(blob));
    }

}
