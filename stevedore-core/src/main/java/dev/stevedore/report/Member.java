package dev.stevedore.report;

import dev.stevedore.archive.TarEntry;
import dev.stevedore.oci.Digest;
import java.util.Optional;

/**
 * One member of a layer as the report sees it.
 *
 * @param path    absolute, cleaned ({@code /etc/passwd}); whiteouts keep their {@code .wh.} names
 * @param size    content bytes, 0 for all but regular files
 * @param content the sha256 of a regular file's content, when the layer was read with contents
 * @param head    the first bytes of a file whose name may hold a secret, as Latin-1 text
 */
record Member(String path, TarEntry.Type type, long size, Optional<Digest> content, Optional<String> head) {

    boolean isFile() {
        return type == TarEntry.Type.FILE;
    }

    String baseName() {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    String parent() {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }
}
