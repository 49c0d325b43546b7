package dev.stevedore.context;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What {@code lstat} says of a file, as far as a content cache must care: when any of these
 * changes the content may have changed. {@code ctime} and {@code inode} catch what size and
 * mtime miss (a same-size rewrite with the mtime put back, a file replaced by another).
 *
 * @param mode the whole {@code st_mode}: type and permission bits
 */
public record FileStat(long size, long mtimeNanos, long ctimeNanos, long inode, int mode, int uid, int gid) {

    /** The stat of {@code path}, not following a symlink. */
    public static FileStat of(Path path) throws IOException {
        Map<String, Object> a = Files.readAttributes(path, "unix:size,lastModifiedTime,ctime,ino,mode,uid,gid",
                LinkOption.NOFOLLOW_LINKS);
        return new FileStat((Long) a.get("size"), nanos(a.get("lastModifiedTime")), nanos(a.get("ctime")),
                (Long) a.get("ino"), (Integer) a.get("mode"), (Integer) a.get("uid"), (Integer) a.get("gid"));
    }

    /** The permission bits with setuid, setgid and sticky: {@code st_mode & 07777}. */
    public int permissions() {
        return mode & 07777;
    }

    private static long nanos(Object time) {
        return ((FileTime) time).to(TimeUnit.NANOSECONDS);
    }
}
