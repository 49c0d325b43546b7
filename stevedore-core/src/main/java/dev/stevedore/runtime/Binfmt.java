package dev.stevedore.runtime;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.diag.NotFoundException;
import dev.stevedore.oci.Platform;
import dev.stevedore.oci.PlatformMatcher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Which platforms this machine runs, natively or through the kernel's {@code binfmt_misc} with
 * QEMU user emulation, and the registration of Debian's {@code qemu-user-static} interpreters, as
 * {@code tonistiigi/binfmt} registers them.
 *
 * <p>A RUN of another platform executes that platform's ELF files inside the container; the
 * kernel hands them to the interpreter registered for their header. Only an entry with the
 * {@code F} (fix-binary) flag works there: the kernel opens its interpreter when it is
 * registered, so the interpreter need not exist in the container's root. A platform runs when
 * the host matches it (containerd's matcher: amd64 runs 386) or an enabled entry with the F flag
 * matches the ELF header of its architecture.
 */
public final class Binfmt {

    /** Where the kernel's binfmt_misc is mounted. */
    public static final Path MOUNT = Path.of("/proc/sys/fs/binfmt_misc");
    /** Where Debian's {@code qemu-user-static} describes its interpreters ({@code update-binfmts} format). */
    public static final Path DEBIAN_FORMATS = Path.of("/usr/share/binfmts");

    /** The ELF header fields that tell architectures apart, and the QEMU name of each. */
    private record Elf(String qemu, int elfClass, int data, int machine) {}

    private static final Map<String, Elf> ELF = Map.of(
            "amd64", new Elf("x86_64", 2, 1, 0x3e),
            "386", new Elf("i386", 1, 1, 0x03),
            "arm64", new Elf("aarch64", 2, 1, 0xb7),
            "arm", new Elf("arm", 1, 1, 0x28),
            "riscv64", new Elf("riscv64", 2, 1, 0xf3),
            "ppc64le", new Elf("ppc64le", 2, 1, 0x15),
            "s390x", new Elf("s390x", 2, 2, 0x16),
            "mips64le", new Elf("mips64el", 2, 1, 0x08));

    /**
     * One registered interpreter, as {@code binfmt_misc/NAME} shows it.
     *
     * @param flags the registration's flags ({@code F}, {@code P}, {@code C}, {@code O})
     */
    public record Entry(String name, boolean enabled, String interpreter, String flags, int offset, byte[] magic,
                        byte[] mask) {

        /** Whether the interpreter works inside containers (the F flag). */
        public boolean fixBinary() {
            return flags.contains("F");
        }

        /** Whether this entry takes ELF files of {@code arch}'s header. */
        boolean matches(Elf arch) {
            byte[] header = header(arch);
            if (offset != 0 || magic.length > header.length) {
                return false;
            }
            for (int i = 0; i < magic.length; i++) {
                int m = mask.length > i ? mask[i] : 0xff;
                if ((header[i] & m) != (magic[i] & m)) {
                    return false;
                }
            }
            return true;
        }
    }

    private final Path mount;
    private final Platform host;

    /** The binfmt_misc mounted at {@code mount}, on a host of platform {@code host}. */
    public Binfmt(Path mount, Platform host) {
        this.mount = mount;
        this.host = host.normalize();
    }

    /** This machine's binfmt_misc; an amd64 host runs the variants its CPU's level allows ({@link X86Level}). */
    public static Binfmt system() {
        Platform host = Platform.host();
        return new Binfmt(MOUNT, host.architecture().equals("amd64")
                ? Platform.of(host.os(), "amd64", X86Level.of(Path.of("/proc/cpuinfo"))) : host);
    }

    /** Whether binfmt_misc is mounted (its {@code register} file exists). */
    public boolean mounted() {
        return Files.exists(mount.resolve("register"));
    }

    /** Whether a process of {@code platform} runs here, natively or through an entry with the F flag. */
    public boolean runs(Platform platform) {
        return native_(platform) || emulator(platform).filter(Entry::fixBinary).isPresent();
    }

    private boolean native_(Platform platform) {
        return PlatformMatcher.only(host).matches(platform);
    }

    /** The enabled entry that runs {@code platform}'s ELF files, preferring one with the F flag. */
    public Optional<Entry> emulator(Platform platform) {
        Elf arch = ELF.get(platform.normalize().architecture());
        if (arch == null) {
            return Optional.empty();
        }
        return entries().stream().filter(Entry::enabled).filter(e -> e.matches(arch))
                .sorted((a, b) -> Boolean.compare(b.fixBinary(), a.fixBinary())).findFirst();
    }

    /**
     * Why {@code platform} cannot run here and how to fix it, one sentence; empty when it runs.
     */
    public Optional<String> whyNot(Platform platform) {
        if (runs(platform)) {
            return Optional.empty();
        }
        String fix = "run `stevedore setup binfmt --install " + platform + "` as root (it needs Debian's"
                + " qemu-user-static)";
        if (!ELF.containsKey(platform.normalize().architecture())) {
            return Optional.of("RUN for platform " + platform + " cannot run on this " + Platform.of(host.os(), host.architecture())
                    + " machine: Stevedore knows no emulator for " + platform.architecture());
        }
        if (!mounted()) {
            return Optional.of("RUN for platform " + platform + " cannot run on this " + Platform.of(host.os(), host.architecture()) + " machine: "
                    + mount + " (binfmt_misc) is not mounted; " + fix);
        }
        Optional<Entry> without = emulator(platform);
        return Optional.of("RUN for platform " + platform + " cannot run on this " + Platform.of(host.os(), host.architecture()) + " machine: "
                + without.map(e -> "its emulator " + e.name() + " is registered without the F (fix-binary) flag,"
                        + " so containers cannot use it; ").orElse("no emulator is registered for it; ") + fix);
    }

    /** Every entry registered, by name. */
    public List<Entry> entries() {
        if (!Files.isDirectory(mount)) {
            return List.of();
        }
        List<Entry> entries = new ArrayList<>();
        try (Stream<Path> files = Files.list(mount)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (!name.equals("register") && !name.equals("status")) {
                    read(file).ifPresent(entries::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + mount + ": " + e.getMessage(), e);
        }
        return entries;
    }

    /** What {@link #install} did for one platform. */
    public enum Outcome { REGISTERED, ALREADY_REGISTERED, NATIVE }

    /**
     * Registers {@code platform}'s interpreter from Debian's qemu-user-static with the F flag
     * (replacing an entry of the same name without it). Idempotent. Needs root, and binfmt_misc
     * mounted.
     *
     * @throws NotFoundException when qemu-user-static has no interpreter for the platform
     */
    public Outcome install(Platform platform) {
        if (native_(platform)) {
            return Outcome.NATIVE;
        }
        Elf arch = ELF.get(platform.normalize().architecture());
        if (arch == null) {
            throw new InvalidInputException("no QEMU emulator is known for platform " + platform);
        }
        String name = "qemu-" + arch.qemu();
        Path format = DEBIAN_FORMATS.resolve(name);
        if (!Files.isRegularFile(format)) {
            throw new NotFoundException("no interpreter for " + platform + ": " + format
                    + " is missing; install Debian's qemu-user-static (apt-get install qemu-user-static)");
        }
        Optional<Entry> existing = entries().stream().filter(e -> e.name().equals(name)).findFirst();
        if (existing.isPresent() && existing.get().enabled() && existing.get().fixBinary()) {
            return Outcome.ALREADY_REGISTERED;
        }
        try {
            if (existing.isPresent()) {
                Files.writeString(mount.resolve(name), "-1");  // unregisters it
            }
            Files.writeString(mount.resolve("register"), registration(name, Files.readString(format)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot register " + name + " in " + mount + ": " + e.getMessage(), e);
        }
        return Outcome.REGISTERED;
    }

    /**
     * The {@code :name:M:offset:magic:mask:interpreter:flags} line of Debian's description of an
     * interpreter (its magic and mask stay escaped, as the kernel reads them), flags with F.
     */
    static String registration(String name, String debianFormat) {
        String interpreter = "";
        String magic = "";
        String mask = "";
        String offset = "0";
        StringBuilder flags = new StringBuilder("F");
        for (String line : debianFormat.split("\n")) {
            String[] kv = line.strip().split("\\s+", 2);
            if (kv.length < 2) {
                continue;
            }
            switch (kv[0]) {
                case "interpreter" -> interpreter = kv[1];
                case "magic" -> magic = kv[1];
                case "mask" -> mask = kv[1];
                case "offset" -> offset = kv[1];
                case "preserve" -> flags.append(kv[1].equals("yes") ? "P" : "");
                case "credentials" -> flags.append(kv[1].equals("yes") ? "C" : "");
                default -> { }
            }
        }
        if (interpreter.isEmpty() || magic.isEmpty()) {
            throw new InvalidInputException("cannot read the interpreter and magic of " + name + " from "
                    + DEBIAN_FORMATS.resolve(name));
        }
        return ":" + name + ":M:" + offset + ":" + magic + ":" + mask + ":" + interpreter + ":" + flags;
    }

    private static Optional<Entry> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return Optional.empty();  // removed meanwhile, or not an entry
        }
        boolean enabled = false;
        String interpreter = "";
        String flags = "";
        int offset = 0;
        byte[] magic = new byte[0];
        byte[] mask = new byte[0];
        for (String line : lines) {
            if (line.equals("enabled")) {
                enabled = true;
            } else if (line.startsWith("interpreter ")) {
                interpreter = line.substring("interpreter ".length());
            } else if (line.startsWith("flags:")) {
                flags = line.substring("flags:".length()).strip();
            } else if (line.startsWith("offset ")) {
                offset = Integer.parseInt(line.substring("offset ".length()).strip());
            } else if (line.startsWith("magic ")) {
                magic = HexFormat.of().parseHex(line.substring("magic ".length()).strip());
            } else if (line.startsWith("mask ")) {
                mask = HexFormat.of().parseHex(line.substring("mask ".length()).strip());
            }
        }
        return magic.length == 0 ? Optional.empty()
                : Optional.of(new Entry(file.getFileName().toString(), enabled, interpreter, flags, offset, magic, mask));
    }

    /** The first 20 bytes of an executable's ELF header for {@code arch}: what the magics are matched against. */
    private static byte[] header(Elf arch) {
        byte[] h = new byte[20];
        h[0] = 0x7f;
        h[1] = 'E';
        h[2] = 'L';
        h[3] = 'F';
        h[4] = (byte) arch.elfClass();
        h[5] = (byte) arch.data();
        h[6] = 1;  // EI_VERSION
        boolean little = arch.data() == 1;
        h[little ? 16 : 17] = 2;  // e_type ET_EXEC
        h[little ? 18 : 19] = (byte) arch.machine();
        return h;
    }

    /** The platforms an emulator is known for, for {@code setup binfmt}'s help. */
    public static List<String> knownArchitectures() {
        return ELF.keySet().stream().sorted().toList();
    }
}
