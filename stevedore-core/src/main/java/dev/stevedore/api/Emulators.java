package dev.stevedore.api;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.linux.FileCalls;
import dev.stevedore.linux.Mounts;
import dev.stevedore.oci.Platform;
import dev.stevedore.runtime.Binfmt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code stevedore setup binfmt}: the QEMU emulators of the kernel's binfmt_misc, which let RUN
 * steps of other platforms run here (see {@link Binfmt}).
 */
public final class Emulators {

    private final Binfmt binfmt;

    private Emulators(Binfmt binfmt) {
        this.binfmt = binfmt;
    }

    /**
     * This machine's emulators.
     *
     * @return the emulators binfmt_misc has registered
     */
    public static Emulators system() {
        return new Emulators(Binfmt.system());
    }

    /**
     * One registered interpreter.
     *
     * @param name               its binfmt_misc name ({@code qemu-aarch64})
     * @param enabled            whether it is on
     * @param interpreter        the interpreter's path
     * @param flags              its flags ({@code POCF})
     * @param usableInContainers whether RUN can use it: the F flag, the interpreter opened at
     *                           registration, so a container's root need not hold it
     */
    public record Emulator(String name, boolean enabled, String interpreter, String flags, boolean usableInContainers) {}

    /**
     * What {@link #install} did for one platform.
     *
     * @param platform the platform
     * @param outcome  registered now, already there, or native, in words
     */
    public record Installed(Platform platform, String outcome) {}

    /**
     * Every interpreter registered, by name.
     *
     * @return the interpreters
     */
    public List<Emulator> list() {
        return binfmt.entries().stream().map(e -> new Emulator(e.name(), e.enabled(), e.interpreter(), e.flags(),
                e.fixBinary())).toList();
    }

    /**
     * The platforms among {@code candidates} that RUN steps can use here.
     *
     * @param candidates the platforms asked about
     * @return those this machine runs, natively or through a usable emulator
     */
    public List<Platform> runnable(List<Platform> candidates) {
        return candidates.stream().filter(binfmt::runs).toList();
    }

    /**
     * Registers qemu-user-static's interpreter of each platform with the F flag (mounting
     * binfmt_misc first when it is not); idempotent. Needs root.
     *
     * @param platforms the platforms to emulate
     * @return what was done for each
     */
    public List<Installed> install(List<Platform> platforms) {
        if (platforms.isEmpty()) {
            return List.of();
        }
        if (FileCalls.getuid() != 0) {
            throw new InvalidInputException("stevedore setup binfmt --install needs root (it writes "
                    + Binfmt.MOUNT.resolve("register") + ")");
        }
        if (!binfmt.mounted()) {
            try {
                Mounts.mount("binfmt_misc", Binfmt.MOUNT, "binfmt_misc", 0, "");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot mount binfmt_misc at " + Binfmt.MOUNT + ": " + e.getMessage(), e);
            }
        }
        List<Installed> done = new ArrayList<>();
        for (Platform p : platforms) {
            done.add(new Installed(p, switch (binfmt.install(p)) {
                case REGISTERED -> "registered";
                case ALREADY_REGISTERED -> "already registered";
                case NATIVE -> "native";
            }));
        }
        return done;
    }
}
