package dev.stevedore.sbom;

import dev.stevedore.archive.TarEntry;
import dev.stevedore.archive.TarReader;
import dev.stevedore.diag.InternalException;
import dev.stevedore.oci.Descriptor;
import dev.stevedore.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The packages of a filesystem made of layers (an image's, or a builder stage's), read from the
 * store in two passes: the first reads only tar headers and settles which layer's copy of each
 * claimed file a container would see (whiteouts and opaque directories applied, a file replaced
 * by a directory or a link gone); the second streams each such copy to the scanner that claimed
 * it. Nothing is extracted to disk. Packages come sorted (ecosystem, name, version, file), one per
 * package URL.
 */
public final class Catalog {

    private static final String WHITEOUT = ".wh.";
    private static final String OPAQUE = ".wh..wh..opq";

    private Catalog() {}

    /** The packages of the filesystem {@code layers} (bottom first) make, each a layer blob of {@code store}. */
    public static List<SoftwarePackage> scan(Store store, List<Descriptor> layers) {
        List<Scanner> scanners = Scanner.all();
        TreeMap<String, Integer> visible = new TreeMap<>();
        for (int i = 0; i < layers.size(); i++) {
            int layer = i;
            read(store, layers.get(i), (e, r) -> settle(visible, e, layer, scanners));
        }
        List<SoftwarePackage> found = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            int layer = i;
            if (!visible.containsValue(layer)) {
                continue;
            }
            read(store, layers.get(i), (e, r) -> {
                String path = e.rootedPath();
                if (e.type() == TarEntry.Type.FILE && Integer.valueOf(layer).equals(visible.get(path))) {
                    Optional<Scanner> scanner = claimant(scanners, path, e.mode());
                    if (scanner.isPresent()) {
                        found.addAll(scanner.get().read(path, r.content()));
                    }
                }
            });
        }
        return distinct(found);
    }

    /** Pass one: what {@code e}, in layer {@code layer}, does to the set of claimed files a container sees. */
    private static void settle(TreeMap<String, Integer> visible, TarEntry e, int layer, List<Scanner> scanners) {
        String path = e.rootedPath();
        int slash = path.lastIndexOf('/');
        String parent = slash == 0 ? "/" : path.substring(0, slash);
        String base = path.substring(slash + 1);
        if (base.equals(OPAQUE)) {
            under(visible, parent, layer);
        } else if (base.startsWith(WHITEOUT)) {
            String deleted = (parent.equals("/") ? "" : parent) + "/" + base.substring(WHITEOUT.length());
            visible.remove(deleted);
            under(visible, deleted, layer);
        } else if (e.type() == TarEntry.Type.FILE && claimant(scanners, path, e.mode()).isPresent()) {
            visible.put(path, layer);
        } else {
            visible.remove(path);
        }
    }

    /** Forgets what layers below {@code layer} had under {@code dir}. */
    private static void under(TreeMap<String, Integer> visible, String dir, int layer) {
        String prefix = dir.equals("/") ? "/" : dir + "/";
        // '0' is the character after '/': the range holds exactly the paths under the prefix
        String end = dir.equals("/") ? "0" : dir + "0";
        visible.subMap(prefix, end).values().removeIf(l -> l < layer);
    }

    private static Optional<Scanner> claimant(List<Scanner> scanners, String path, int mode) {
        return scanners.stream().filter(s -> s.claims(path, mode)).findFirst();
    }

    private interface MemberVisitor {
        void visit(TarEntry entry, TarReader reader) throws IOException;
    }

    private static void read(Store store, Descriptor blob, MemberVisitor visitor) {
        try (InputStream in = store.blobs().open(blob.digest())) {
            TarReader reader = TarReader.ofLayer(in);
            for (Optional<TarEntry> next = reader.next(); next.isPresent(); next = reader.next()) {
                visitor.visit(next.get(), reader);
            }
        } catch (IOException e) {
            throw new InternalException("cannot read layer " + blob.digest() + " for its packages: " + e.getMessage(), e);
        }
    }

    /** Sorted, and one package per package URL: a lock file and {@code node_modules} name the same package twice. */
    static List<SoftwarePackage> distinct(List<SoftwarePackage> found) {
        List<SoftwarePackage> sorted = new ArrayList<>(found);
        sorted.sort(Comparator.comparing(SoftwarePackage::ecosystem).thenComparing(SoftwarePackage::name)
                .thenComparing(SoftwarePackage::version).thenComparing(SoftwarePackage::foundIn));
        Set<String> seen = new HashSet<>();
        sorted.removeIf(p -> !seen.add(p.purl()));
        return List.copyOf(sorted);
    }

}
