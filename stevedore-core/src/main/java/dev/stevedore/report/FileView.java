package dev.stevedore.report;

import java.util.Collection;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The image's filesystem as a container sees it, built layer by layer: each path's member from
 * the topmost layer that has it, with OCI whiteouts applied ({@code .wh.name} deletes
 * {@code name}, {@code dir/.wh..wh..opq} hides what lower layers had in {@code dir}).
 */
final class FileView {

    private static final String WHITEOUT = ".wh.";
    private static final String OPAQUE = ".wh..wh..opq";

    /** A member and the layer (0 = bottom) it is from. */
    record Visible(Member member, int layer) {}

    private final TreeMap<String, Visible> paths = new TreeMap<>();

    /** Puts {@code scan} on top, as layer {@code layer}. */
    void add(LayerScan scan, int layer) {
        for (Member m : scan.members()) {
            String base = m.baseName();
            if (base.equals(OPAQUE)) {
                hideBelow(m.parent(), layer);
            } else if (base.startsWith(WHITEOUT)) {
                String deleted = m.parent().equals("/") ? "/" + base.substring(WHITEOUT.length())
                        : m.parent() + "/" + base.substring(WHITEOUT.length());
                paths.remove(deleted);
                hideBelow(deleted, layer);
            } else {
                paths.put(m.path(), new Visible(m, layer));
            }
        }
    }

    /** What {@code path} is now, if anything. */
    Optional<Visible> get(String path) {
        return Optional.ofNullable(paths.get(path));
    }

    Collection<Visible> all() {
        return paths.values();
    }

    /** Removes what layers below {@code layer} have under {@code dir}: a whiteout never hides its own layer's. */
    private void hideBelow(String dir, int layer) {
        String prefix = dir.equals("/") ? "/" : dir + "/";
        // '0' is the character after '/': the range holds exactly the paths under the prefix
        String end = dir.equals("/") ? "0" : dir + "0";
        paths.subMap(prefix, end).values().removeIf(v -> v.layer() < layer);
    }
}
