package dev.stevedore.linux;

import static dev.stevedore.linux.Native.INT;
import static dev.stevedore.linux.Native.LONG;
import static dev.stevedore.linux.Native.PTR;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * Whether a file descriptor is a terminal, and its size. The JDK only says whether standard input
 * and output both are ({@code Console.isTerminal()}); progress goes to standard error.
 */
public final class Terminals {

    private Terminals() {}

    /** {@code TIOCGWINSZ} from {@code <asm-generic/ioctls.h>} (x86-64, arm64, riscv64). */
    private static final long TIOCGWINSZ = 0x5413;

    private static final MethodHandle ISATTY = Native.plainCall("isatty", FunctionDescriptor.of(INT, INT));
    private static final MethodHandle IOCTL = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().findOrThrow("ioctl"),
            FunctionDescriptor.of(INT, INT, LONG, PTR), Linker.Option.firstVariadicArg(2));

    /** A terminal's size in character cells. */
    public record Size(int columns, int rows) {}

    /** {@code isatty(fd)}. */
    public static boolean isTerminal(int fd) {
        try {
            return (int) ISATTY.invokeExact(fd) == 1;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** The size of the terminal {@code fd} is; empty when it is none or reports 0 columns. */
    public static Optional<Size> size(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            // struct winsize { unsigned short ws_row, ws_col, ws_xpixel, ws_ypixel; }
            MemorySegment winsize = arena.allocate(8);
            int rc = (int) IOCTL.invokeExact(fd, TIOCGWINSZ, winsize);
            int rows = Short.toUnsignedInt(winsize.get(ValueLayout.JAVA_SHORT, 0));
            int columns = Short.toUnsignedInt(winsize.get(ValueLayout.JAVA_SHORT, 2));
            return rc == 0 && columns > 0 ? Optional.of(new Size(columns, rows)) : Optional.empty();
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }
}
