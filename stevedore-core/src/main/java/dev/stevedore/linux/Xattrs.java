package dev.stevedore.linux;

import static dev.stevedore.linux.Native.INT;
import static dev.stevedore.linux.Native.LONG;
import static dev.stevedore.linux.Native.PTR;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Extended attributes of a path itself, never of a symlink's target ({@code l*xattr}). Values
 * are bytes: {@code security.capability} is binary.
 */
public final class Xattrs {

    private Xattrs() {}

    private static final MethodHandle LGETXATTR =
            Native.errnoCall("lgetxattr", FunctionDescriptor.of(LONG, PTR, PTR, PTR, LONG));
    private static final MethodHandle LSETXATTR =
            Native.errnoCall("lsetxattr", FunctionDescriptor.of(INT, PTR, PTR, PTR, LONG, INT));
    private static final MethodHandle LREMOVEXATTR =
            Native.errnoCall("lremovexattr", FunctionDescriptor.of(INT, PTR, PTR));
    private static final MethodHandle LLISTXATTR =
            Native.errnoCall("llistxattr", FunctionDescriptor.of(LONG, PTR, PTR, LONG));

    /** The value of {@code name}, or empty when the path has no such attribute. */
    public static Optional<byte[]> get(Path path, String name) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Native.captureState(arena);
            MemorySegment file = Native.cString(arena, path);
            MemorySegment key = arena.allocateFrom(name);
            while (true) {
                long size = (long) LGETXATTR.invokeExact(state, file, key, MemorySegment.NULL, 0L);
                if (size < 0) {
                    if (Native.errno(state) == ErrnoException.ENODATA) {
                        return Optional.empty();
                    }
                    throw Native.failure("lgetxattr", path, name, state);
                }
                MemorySegment buffer = arena.allocate(Math.max(size, 1));
                long read = (long) LGETXATTR.invokeExact(state, file, key, buffer, size);
                if (read >= 0) {
                    return Optional.of(buffer.asSlice(0, read).toArray(ValueLayout.JAVA_BYTE));
                }
                if (Native.errno(state) != ErrnoException.ERANGE) { // ERANGE: it grew meanwhile
                    throw Native.failure("lgetxattr", path, name, state);
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Sets (creates or replaces) {@code name} to {@code value}. */
    public static void set(Path path, String name, byte[] value) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Native.captureState(arena);
            MemorySegment bytes = arena.allocate(Math.max(value.length, 1));
            MemorySegment.copy(value, 0, bytes, ValueLayout.JAVA_BYTE, 0, value.length);
            int rc = (int) LSETXATTR.invokeExact(state, Native.cString(arena, path),
                    arena.allocateFrom(name), bytes, (long) value.length, 0);
            if (rc != 0) {
                throw Native.failure("lsetxattr", path, name, state);
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Removes {@code name}; nothing happens when the path has no such attribute. */
    public static void remove(Path path, String name) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Native.captureState(arena);
            int rc = (int) LREMOVEXATTR.invokeExact(state, Native.cString(arena, path), arena.allocateFrom(name));
            if (rc != 0 && Native.errno(state) != ErrnoException.ENODATA) {
                throw Native.failure("lremovexattr", path, name, state);
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** The names of the path's attributes, in the order the file system lists them. */
    public static List<String> list(Path path) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Native.captureState(arena);
            MemorySegment file = Native.cString(arena, path);
            while (true) {
                long size = (long) LLISTXATTR.invokeExact(state, file, MemorySegment.NULL, 0L);
                if (size < 0) {
                    int errno = Native.errno(state);
                    if (errno == ErrnoException.EOPNOTSUPP) {
                        return List.of();
                    }
                    throw Native.failure("llistxattr", path, "", state);
                }
                if (size == 0) {
                    return List.of();
                }
                MemorySegment buffer = arena.allocate(size);
                long read = (long) LLISTXATTR.invokeExact(state, file, buffer, size);
                if (read >= 0) {
                    return split(buffer.asSlice(0, read).toArray(ValueLayout.JAVA_BYTE));
                }
                if (Native.errno(state) != ErrnoException.ERANGE) {
                    throw Native.failure("llistxattr", path, "", state);
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Splits the kernel's list of NUL-terminated names. */
    private static List<String> split(byte[] names) {
        List<String> result = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < names.length; i++) {
            if (names[i] == 0) {
                if (i > start) {
                    result.add(new String(names, start, i - start, StandardCharsets.UTF_8));
                }
                start = i + 1;
            }
        }
        return List.copyOf(result);
    }
}
