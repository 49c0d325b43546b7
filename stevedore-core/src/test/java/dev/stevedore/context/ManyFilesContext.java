package dev.stevedore.context;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Run in a child JVM with a small heap by {@link ManyFilesContextTest}: makes a context of
 * {@code count} empty files ({@link #PER_DIRECTORY} to a directory), then does what a build's
 * {@code COPY . /dst/} does before it copies: selects every entry and hashes them for the step's
 * cache key, through the store's stat cache, which it then saves. Arguments: a directory, the
 * number of files. Prints what it did; any error ends the JVM with a non-zero status.
 */
final class ManyFilesContext {

    static final int PER_DIRECTORY = 100_000;

    private ManyFilesContext() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        Path context = Files.createDirectory(dir.resolve("context"));
        Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nCOPY . /dst/\n");
        for (int i = 0; i < count; i++) {
            Path sub = context.resolve("d" + i / PER_DIRECTORY);
            if (i % PER_DIRECTORY == 0) {
                Files.createDirectory(sub);
            }
            Files.createFile(sub.resolve("file-" + i));
        }
        BuildContext build = BuildContext.ofDirectory(context, Optional.empty());
        FileStatCache cache = FileStatCache.open(dir.resolve("statcache"));
        List<SelectedEntry> entries = build.select(List.of("."), List.of());
        ContentDigest digest = new ContentHasher(cache).hash(entries);
        cache.save();
        System.out.println("hashed " + entries.size() + " entries: " + digest);
    }
}
