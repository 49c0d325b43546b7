package dev.stevedore.exec;

import dev.stevedore.context.SelectedEntry;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One source of a COPY or ADD, selected: what it reads and how it lands.
 *
 * @param written   the source as {@code created_by} shows it ({@code src/}, {@code <<EOF}, a URL)
 * @param root      the tree it is read from; null in the placeholder of a download not made yet
 *                  ({@link CopyInputs#parts()}), which has no entries either
 * @param entries   what it reads, in order, each with its path under the destination
 * @param directory the host directory whose contents it copies, when it names a directory (the
 *                  destination is then a directory, created with this one's mode and time)
 * @param unpack    whether a local tar archive it names is unpacked at the destination
 * @param key       what identifies its content for the cache
 */
record CopyPart(String written, CopyRoot root, List<SelectedEntry> entries, Optional<Path> directory, boolean unpack,
                String key) {

    CopyPart {
        entries = List.copyOf(entries);
    }

    /**
     * Whether this part is one file: a named one, or the only match of a wildcard (after
     * {@code .dockerignore} and {@code --exclude}). It may then land as the destination itself,
     * as BuildKit's copy of each match does when the destination is no directory.
     */
    boolean oneFile() {
        return directory.isEmpty() && entries.size() == 1 && entries.getFirst().named();
    }

    /**
     * Whether this part is several sources: a wildcard that matched more than one file, or files
     * and directories. Into a destination that is no directory they would overwrite each other
     * (BuildKit keeps the last, moby/buildkit#4550); we refuse that, as the Dockerfile reference says.
     */
    boolean severalSources() {
        long named = entries.stream().filter(SelectedEntry::named).count();
        return named > 1 || named == 1 && entries.size() > 1;
    }
}
