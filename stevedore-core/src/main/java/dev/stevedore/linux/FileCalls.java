package dev.stevedore.linux;

import static dev.stevedore.linux.Native.INT;
import static dev.stevedore.linux.Native.LONG;
import static dev.stevedore.linux.Native.PTR;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The file-metadata calls the JDK lacks: device nodes, owners and modes that keep
 * setuid/setgid/sticky, and times set on a symlink itself. None of them follows a symlink in
 * the last component except {@link #chmod}, which callers use only on what they just created.
 */
public final class FileCalls {

    private FileCalls() {}

    /** File-type bits of {@code st_mode}, for {@link #mknod}. */
    public static final int S_IFIFO = 0010000;
    public static final int S_IFCHR = 0020000;
    public static final int S_IFBLK = 0060000;

    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;

    private static final MethodHandle MKNOD =
            Native.errnoCall("mknod", FunctionDescriptor.of(INT, PTR, INT, LONG));
    private static final MethodHandle LCHOWN =
            Native.errnoCall("lchown", FunctionDescriptor.of(INT, PTR, INT, INT));
    private static final MethodHandle CHMOD =
            Native.errnoCall("chmod", FunctionDescriptor.of(INT, PTR, INT));
    private static final MethodHandle UTIMENSAT =
            Native.errnoCall("utimensat", FunctionDescriptor.of(INT, INT, PTR, PTR, INT));
    private static final MethodHandle GETUID = Native.plainCall("getuid", FunctionDescriptor.of(INT));

    /**
     * Creates a FIFO or a device node.
     *
     * @param mode a type ({@link #S_IFIFO}, {@link #S_IFCHR}, {@link #S_IFBLK}) or'ed with
     *             permission bits (the umask applies, as for {@code mknod(2)})
     */
    public static void mknod(Path path, int mode, Device device) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Native.captureState(arena);
            int rc = (int) MKNOD.invokeExact(state, Native.cString(arena, path), mode, device.rdev());
            if (rc != 0) {
                throw Native.failure("mknod", path, "", state);
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Sets the owner of {@code path}, of the symlink itself when it is one. */
    public static void lchown(Path path, int uid, int gid) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Native.captureState(arena);
            int rc = (int) LCHOWN.invokeExact(state, Native.cString(arena, path), uid, gid);
            if (rc != 0) {
                throw Native.failure("lchown", path, uid + ":" + gid, state);
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Sets all twelve permission bits (setuid, setgid, sticky included). Follows symlinks. */
    public static void chmod(Path path, int mode) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Native.captureState(arena);
            int rc = (int) CHMOD.invokeExact(state, Native.cString(arena, path), mode & 07777);
            if (rc != 0) {
                throw Native.failure("chmod", path, Integer.toOctalString(mode & 07777), state);
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Sets access and modification times, of the symlink itself when {@code path} is one. */
    public static void lutimes(Path path, Instant atime, Instant mtime) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Native.captureState(arena);
            MemorySegment times = arena.allocate(LONG, 4);
            times.setAtIndex(LONG, 0, atime.getEpochSecond());
            times.setAtIndex(LONG, 1, atime.getNano());
            times.setAtIndex(LONG, 2, mtime.getEpochSecond());
            times.setAtIndex(LONG, 3, mtime.getNano());
            int rc = (int) UTIMENSAT.invokeExact(
                    state, AT_FDCWD, Native.cString(arena, path), times, AT_SYMLINK_NOFOLLOW);
            if (rc != 0) {
                throw Native.failure("utimensat", path, "", state);
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** The real user id of this process; 0 when running as root. */
    public static int getuid() {
        try {
            return (int) GETUID.invokeExact();
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }
}
