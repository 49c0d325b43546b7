package dev.stevedore.linux;

import static dev.stevedore.linux.Native.INT;
import static dev.stevedore.linux.Native.LONG;
import static dev.stevedore.linux.Native.PTR;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Whether a file descriptor is a terminal, and its size. The JDK only says whether standard input
 * and output both are ({@code Console.isTerminal()}); progress goes to standard error.
 */
public final class Terminals {

    private Terminals() {}

    /** {@code TIOCGWINSZ} from {@code <asm-generic/ioctls.h>} (x86-64, arm64, riscv64). */
    private static final long TIOCGWINSZ = 0x5413;

    /** {@code st_mode}'s file type bits, and a character device's. */
    private static final int S_IFMT = 0170000;
    private static final int S_IFCHR = 0020000;

    /** The kernel's tty drivers, each with its device numbers. */
    private static final Path TTY_DRIVERS = Path.of("/proc/tty/drivers");

    /** A terminal's size in character cells. */
    public record Size(int columns, int rows) {}

    /**
     * {@code isatty(fd)}: whether {@code fd} is a character device of one of the kernel's tty
     * drivers ({@code /proc/tty/drivers}), which is what makes {@code isatty}'s {@code TCGETS}
     * succeed. Read from {@code /proc} because setting up the foreign linker for the call itself
     * costs ~0.3 s of CPU, on every build; the call is made only where {@code /proc} cannot tell.
     */
    public static boolean isTerminal(int fd) {
        return ttyDevice(Path.of("/proc/self/fd/" + fd)).orElseGet(() -> isatty(fd));
    }

    /** Whether {@code file} (links followed) is a tty device; empty when {@code /proc} cannot tell. */
    static Optional<Boolean> ttyDevice(Path file) {
        try {
            int mode = (int) Files.getAttribute(file, "unix:mode");
            if ((mode & S_IFMT) != S_IFCHR) {
                return Optional.of(false);
            }
            long rdev = (long) Files.getAttribute(file, "unix:rdev");
            return Optional.of(isTtyDriverDevice(Files.readAllLines(TTY_DRIVERS), major(rdev), minor(rdev)));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return Optional.empty();
        }
    }

    /** glibc's {@code gnu_dev_major}. */
    private static long major(long rdev) {
        return ((rdev >>> 32) & 0xfffff000L) | ((rdev >>> 8) & 0xfffL);
    }

    /** glibc's {@code gnu_dev_minor}. */
    private static long minor(long rdev) {
        return ((rdev >>> 12) & 0xffffff00L) | (rdev & 0xffL);
    }

    /**
     * Whether a line of {@code /proc/tty/drivers} ({@code name path major minors type}, minors
     * {@code N} or {@code N-M}) covers the device.
     */
    static boolean isTtyDriverDevice(List<String> drivers, long major, long minor) {
        for (String line : drivers) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 5 || !f[2].equals(Long.toString(major))) {
                continue;
            }
            int dash = f[3].indexOf('-');
            long low = Long.parseLong(dash < 0 ? f[3] : f[3].substring(0, dash));
            long high = dash < 0 ? low : Long.parseLong(f[3].substring(dash + 1));
            if (minor >= low && minor <= high) {
                return true;
            }
        }
        return false;
    }

    /** {@code isatty(fd)} itself. */
    static boolean isatty(int fd) {
        try {
            return (int) Calls.ISATTY.invokeExact(fd) == 1;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Bound on first use: the linker's set-up is the expensive part. */
    private static final class Calls {
        static final MethodHandle ISATTY = Native.plainCall("isatty", FunctionDescriptor.of(INT, INT));
        static final MethodHandle IOCTL = Linker.nativeLinker().downcallHandle(
                Linker.nativeLinker().defaultLookup().findOrThrow("ioctl"),
                FunctionDescriptor.of(INT, INT, LONG, PTR), Linker.Option.firstVariadicArg(2));
    }

    /** The size of the terminal {@code fd} is; empty when it is none or reports 0 columns. */
    public static Optional<Size> size(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            // struct winsize { unsigned short ws_row, ws_col, ws_xpixel, ws_ypixel; }
            MemorySegment winsize = arena.allocate(8);
            int rc = (int) Calls.IOCTL.invokeExact(fd, TIOCGWINSZ, winsize);
            int rows = Short.toUnsignedInt(winsize.get(ValueLayout.JAVA_SHORT, 0));
            int columns = Short.toUnsignedInt(winsize.get(ValueLayout.JAVA_SHORT, 2));
            return rc == 0 && columns > 0 ? Optional.of(new Size(columns, rows)) : Optional.empty();
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }
}
