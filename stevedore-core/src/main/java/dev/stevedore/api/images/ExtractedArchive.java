package dev.stevedore.api.images;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.output.Uncompressed;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

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
        try (TarArchiveInputStream tar = new TarArchiveInputStream(Uncompressed.open(in, archive))) {
            TarArchiveEntry entry;
            boolean any = false;
            while ((entry = tar.getNextEntry()) != null) {
                any = true;
                String name = clean(entry.getName(), archive);
                if (name.isEmpty()) {
                    continue;
                }
                if (entry.isSymbolicLink()) {
                    result.links.put(name, resolveLink(name, entry.getLinkName()));
                } else if (entry.isLink()) {
                    result.links.put(name, clean(entry.getLinkName(), archive));
                } else if (entry.isFile()) {
                    Path file = dir.resolve(name);
                    Files.createDirectories(file.getParent());
                    Files.copy(tar, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
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
        } catch (IllegalArgumentException e) {
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
