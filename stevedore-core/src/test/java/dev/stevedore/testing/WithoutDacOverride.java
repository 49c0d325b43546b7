package dev.stevedore.testing;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs code as file permissions see an ordinary user, also when the tests run as root: on a
 * thread of its own that drops {@code CAP_DAC_OVERRIDE} and {@code CAP_DAC_READ_SEARCH} from
 * its effective capabilities (Linux keeps capabilities per thread, so the JVM's other threads
 * keep theirs, and the thread ends with the call). So a test of "permission denied" runs, and can
 * fail, in the root suite instead of being skipped there.
 */
public final class WithoutDacOverride {

    private static final long SYS_CAPGET = 125;
    private static final long SYS_CAPSET = 126;
    private static final int CAPABILITY_VERSION_3 = 0x20080522;
    private static final int DAC_OVERRIDE_AND_READ_SEARCH = (1 << 1) | (1 << 2);

    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle SYSCALL = LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow("syscall"),
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS, ValueLayout.ADDRESS),
            Linker.Option.firstVariadicArg(1));

    private WithoutDacOverride() {}

    /** What {@code body} returns, or the exception it throws, run without the two capabilities. */
    public static <T> T call(Callable<T> body) throws Exception {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        Thread thread = Thread.ofPlatform().name("without-dac-override").start(() -> {
            try {
                dropOnThisThread();
                result.set(body.call());
            } catch (Exception e) {
                failure.set(e);
            } catch (Throwable t) {
                failure.set(new IllegalStateException(t));
            }
        });
        thread.join();
        if (failure.get() != null) {
            throw failure.get();
        }
        return result.get();
    }

    private static void dropOnThisThread() throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment header = arena.allocate(8);
            header.set(ValueLayout.JAVA_INT, 0, CAPABILITY_VERSION_3);
            header.set(ValueLayout.JAVA_INT, 4, 0); // this thread
            MemorySegment data = arena.allocate(24); // two {effective, permitted, inheritable}
            if ((long) SYSCALL.invokeExact(SYS_CAPGET, header, data) != 0) {
                throw new IllegalStateException("capget failed");
            }
            int effective = data.get(ValueLayout.JAVA_INT, 0);
            data.set(ValueLayout.JAVA_INT, 0, effective & ~DAC_OVERRIDE_AND_READ_SEARCH);
            if ((long) SYSCALL.invokeExact(SYS_CAPSET, header, data) != 0) {
                throw new IllegalStateException("capset failed");
            }
        }
    }
}
