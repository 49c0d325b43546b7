package dev.stevedore.archive;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One member of a layer tar, as written and as read: the header fields a layer carries,
 * PAX extensions already folded in.
 *
 * @param name     relative, {@code /}-separated, without leading {@code ./}; directories without
 *                 a trailing slash (the writer adds it)
 * @param mode     the twelve permission bits (setuid, setgid, sticky, rwx)
 * @param size     content bytes; 0 for everything but {@link Type#FILE}
 * @param linkName target of a symlink, or the earlier member a hard link names; "" otherwise
 * @param xattrs   extended attributes by name (sorted), values as bytes
 */
public record TarEntry(String name, Type type, int mode, long uid, long gid, long size, Instant mtime,
                String linkName, long devMajor, long devMinor, Map<String, byte[]> xattrs) {

    /** The member types a layer may hold, with their tar type flags. */
    public enum Type {
        FILE('0'), HARDLINK('1'), SYMLINK('2'), CHAR_DEVICE('3'), BLOCK_DEVICE('4'), DIRECTORY('5'), FIFO('6');

        final char flag;

        Type(char flag) {
            this.flag = flag;
        }
    }

    public TarEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(mtime, "mtime");
        Objects.requireNonNull(linkName, "linkName");
        xattrs = Collections.unmodifiableSortedMap(new TreeMap<>(xattrs));
    }

    /** The member's path rooted at {@code /}: {@code ./usr/bin/}, {@code usr/bin} and {@code /usr/bin} are all {@code /usr/bin}. */
    public String rootedPath() {
        return rooted(name);
    }

    /** {@code name}, a member's name, rooted at {@code /} as {@link #rootedPath()} says. */
    public static String rooted(String name) {
        String path = name;
        while (path.startsWith("./")) {
            path = path.substring(2);
        }
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return "/" + path;
    }
}
