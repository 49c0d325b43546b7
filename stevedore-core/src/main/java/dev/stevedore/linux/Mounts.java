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

/** {@code mount(2)} and {@code umount2(2)}, for snapshots (overlay) and RUN (binds, tmpfs). */
public final class Mounts {

    private Mounts() {}

    public static final long MS_RDONLY = 1L;
    public static final long MS_NOSUID = 2L;
    public static final long MS_NODEV = 4L;
    public static final long MS_NOEXEC = 8L;
    public static final long MS_REMOUNT = 32L;
    public static final long MS_BIND = 4096L;
    public static final long MS_REC = 16384L;
    public static final long MS_PRIVATE = 1L << 18;

    public static final int MNT_FORCE = 1;
    public static final int MNT_DETACH = 2;

    private static final MethodHandle MOUNT =
            Native.errnoCall("mount", FunctionDescriptor.of(INT, PTR, PTR, PTR, LONG, PTR));
    private static final MethodHandle UMOUNT2 =
            Native.errnoCall("umount2", FunctionDescriptor.of(INT, PTR, INT));

    /**
     * Mounts {@code source} of file-system {@code type} on {@code target}.
     *
     * @param data the file system's options (e.g. {@code lowerdir=...,upperdir=...}), or null
     */
    public static void mount(String source, Path target, String type, long flags, String data)
            throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Native.captureState(arena);
            int rc = (int) MOUNT.invokeExact(state, arena.allocateFrom(source), Native.cString(arena, target),
                    orNull(arena, type), flags, orNull(arena, data));
            if (rc != 0) {
                throw Native.failure("mount", target, type + " " + source + (data == null ? "" : " " + data), state);
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    private static MemorySegment orNull(Arena arena, String text) {
        return text == null ? MemorySegment.NULL : arena.allocateFrom(text);
    }

    /** Unmounts {@code target}; {@code flags} as {@link #MNT_DETACH}, or 0. */
    public static void umount2(Path target, int flags) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Native.captureState(arena);
            int rc = (int) UMOUNT2.invokeExact(state, Native.cString(arena, target), flags);
            if (rc != 0) {
                throw Native.failure("umount2", target, "", state);
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }
}
