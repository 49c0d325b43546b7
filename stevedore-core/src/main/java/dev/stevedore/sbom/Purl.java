package dev.stevedore.sbom;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Package URLs ({@code pkg:type/namespace/name@version?qualifiers}, the purl specification):
 * each segment percent-encoded, qualifiers sorted by key, empty ones left out.
 */
final class Purl {

    private Purl() {}

    /**
     * The package URL of {@code name} at {@code version} (empty: none).
     *
     * @param namespace slash-separated segments ({@code golang.org/x}), each encoded on its own;
     *                  empty for none
     */
    static String of(Ecosystem type, String namespace, String name, String version, Map<String, String> qualifiers) {
        StringBuilder purl = new StringBuilder("pkg:").append(type.purlType()).append('/');
        if (!namespace.isEmpty()) {
            for (String segment : namespace.split("/")) {
                if (!segment.isEmpty()) {
                    purl.append(encode(segment)).append('/');
                }
            }
        }
        purl.append(encode(name));
        if (!version.isEmpty()) {
            purl.append('@').append(encode(version));
        }
        String separator = "?";
        for (Map.Entry<String, String> q : new TreeMap<>(qualifiers).entrySet()) {
            if (!q.getValue().isEmpty()) {
                purl.append(separator).append(q.getKey()).append('=').append(encode(q.getValue()));
                separator = "&";
            }
        }
        return purl.toString();
    }

    static String of(Ecosystem type, String namespace, String name, String version) {
        return of(type, namespace, name, version, Map.of());
    }

    /** {@code namespace/name} split at its last slash: {@code golang.org/x/text} → (golang.org/x, text). */
    static String[] split(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? new String[] {"", path} : new String[] {path.substring(0, slash), path.substring(slash + 1)};
    }

    /** Percent-encodes all but the purl spec's unreserved characters ({@code A-Za-z0-9.-_~}, and {@code +} kept as versions use it). */
    static String encode(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '-' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }
}
