package dev.stevedore.api.images;

import dev.stevedore.archive.TarEntry;
import dev.stevedore.archive.TarReader;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.output.Uncompressed;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An image archive (docker or OCI, compressed or not) unpacked into a private directory: only
 * its regular files are written, under names that cannot leave the directory; symlinks between
 * members (older {@code docker save} links shared layers) are kept as aliases, never created.
 */
final class ExtractedArchive {

    private static final int MAX_LINK_HOPS = 16;

    private final Path dir;
    private final String archive;
    private final Map<String, String> links = new HashMap<>();

    private ExtractedArchive(Path dir, String archive) {
        this.dir = dir;
        this.archive = archive;
    }

    /** Unpacks {@code in} into {@code dir} (which must exist and be empty). */
    static ExtractedArchive extract(InputStream in, String archive, Path dir) throws IOException {
        ExtractedArchive result = new ExtractedArchive(dir, archive);
        try (InputStream tarStream = Uncompressed.open(in, archive)) {
            // its errors read "g.tar is not a valid tar archive: the tar stream is corrupt: ..."
            TarReader tar = new TarReader(tarStream, archive + " is not a valid tar archive: the tar stream");
            boolean any = false;
            for (Optional<TarEntry> next = tar.next(); next.isPresent(); next = tar.next()) {
                any = true;
                TarEntry entry = next.get();
                String name = clean(entry.name(), archive);
                if (name.isEmpty()) {
                    continue;
                }
                switch (entry.type()) {
                    case SYMLINK -> result.links.put(name, resolveLink(name, entry.linkName()));
                    case HARDLINK -> result.links.put(name, clean(entry.linkName(), archive));
                    case FILE -> {
                        Path file = dir.resolve(name);
                        Files.createDirectories(file.getParent());
                        Files.copy(tar.content(), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                    case DIRECTORY, CHAR_DEVICE, BLOCK_DEVICE, FIFO -> {
                        // only files are read from an image archive; directories come with them
                    }
                }
            }
            if (!any) {
                throw new InvalidInputException(archive + " is not an image archive: it holds no files");
            }
        } catch (IOException e) {
            if (e.getCause() instanceof InvalidInputException invalid) {
                throw invalid;
            }
            throw new InvalidInputException(archive + " is not a valid tar archive: " + e.getMessage(), e);
        }
        return result;
    }

    /** The member {@code name}, symlinks followed; empty when the archive has no such file. */
    Optional<Path> find(String name) {
        String current = clean(name, archive);
        for (int hop = 0; hop < MAX_LINK_HOPS && links.containsKey(current); hop++) {
            current = links.get(current);
        }
        Path file = dir.resolve(current);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    /** The member {@code name}; an error naming it when the archive lacks it. */
    Path require(String name) {
        return find(name).orElseThrow(() ->
                new InvalidInputException(archive + " is a broken image archive: it has no file " + name));
    }

    byte[] read(String name) throws IOException {
        return Files.readAllBytes(require(name));
    }

    String name() {
        return archive;
    }

    /** {@code ./a//b} → {@code a/b}; absolute names and {@code ..} are refused. */
    private static String clean(String name, String archive) {
        StringBuilder out = new StringBuilder();
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                throw new InvalidInputException(archive + " has a member named \"" + name
                        + "\" that climbs out of the archive");
            }
            out.append(out.isEmpty() ? "" : "/").append(part);
        }
        return out.toString();
    }

    private static String resolveLink(String name, String target) {
        if (target.startsWith("/")) {
            return target.substring(1);
        }
        int slash = name.lastIndexOf('/');
        String base = slash < 0 ? "" : name.substring(0, slash + 1);
        java.util.Deque<String> parts = new java.util.ArrayDeque<>();
        for (String part : (base + target).split("/")) {
            if (part.equals("..")) {
                parts.pollLast();
            } else if (!part.isEmpty() && !part.equals(".")) {
                parts.addLast(part);
            }
        }
        return String.join("/", parts);
    }
}
