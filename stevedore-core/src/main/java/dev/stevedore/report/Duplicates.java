package dev.stevedore.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Files a layer wrote again with the content the layers below already gave them. Overlayfs
 * copies a whole file up when only its owner or mode changes, so {@code RUN chown -R app /app}
 * puts every file of {@code /app} in the image a second time.
 */
final class Duplicates {

    private static final int EXAMPLES = 3;

    private final FileView below = new FileView();
    private final List<Finding.Duplicated> found = new ArrayList<>();

    /** Looks at the next layer up ({@code number}, 1 = bottom), made by {@code createdBy}, then puts it on the view. */
    void add(LayerScan scan, int number, String createdBy) {
        List<String> paths = new ArrayList<>();
        long wasted = 0;
        for (Member m : scan.members()) {
            // a zero-byte file rewritten unchanged (a lock file every apt-get touches) wastes nothing
            if (!m.isFile() || m.content().isEmpty() || m.size() == 0) {
                continue;
            }
            Optional<FileView.Visible> earlier = below.get(m.path());
            if (earlier.isPresent() && earlier.get().member().isFile()
                    && earlier.get().member().content().equals(m.content())) {
                paths.add(m.path());
                wasted += m.size();
            }
        }
        if (!paths.isEmpty()) {
            List<String> sorted = paths.stream().sorted().toList();
            found.add(new Finding.Duplicated(number, createdBy, paths.size(), wasted,
                    sorted.subList(0, Math.min(EXAMPLES, sorted.size()))));
        }
        below.add(scan, number);
    }

    /** The filesystem of every layer added so far. */
    FileView view() {
        return below;
    }

    List<Finding.Duplicated> found() {
        return List.copyOf(found);
    }
}
