package dev.stevedore.oci;

import dev.stevedore.diag.InvalidInputException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A platform an image runs on, {@code os[(os.version)]/architecture[/variant]}, parsed and
 * normalized as containerd's {@code platforms} package does (which Docker and BuildKit use).
 *
 * <p>{@link #parse} is containerd's {@code platforms.Parse}: names are lower-cased and aliases
 * resolved ({@code x86_64} → {@code amd64}, {@code aarch64} → {@code arm64}, {@code armhf} →
 * {@code arm/v7}, {@code armel} → {@code arm/v6}, {@code i386} → {@code 386}, {@code macos} →
 * {@code darwin}); a lone OS takes the host's architecture and a lone architecture the host's
 * OS. Like containerd it keeps a variant written out in full ({@code linux/arm64/v8} stays
 * {@code v8}) and drops an implied one ({@code linux/arm} has none); {@link #normalize} then
 * gives the form platforms are compared in, where {@code arm} always has a variant ({@code v7}
 * by default) and {@code arm64/v8} has none.
 *
 * @param variant    the CPU variant ({@code v7}, {@code v8}...), empty when none
 * @param osVersion  the OS version, used by Windows images
 * @param osFeatures required OS features, used by Windows images
 */
public record Platform(
        String os, String architecture, Optional<String> variant, Optional<String> osVersion, List<String> osFeatures) {

    private static final Set<String> KNOWN_OS = Set.of("aix", "android", "darwin", "dragonfly", "freebsd", "hurd",
            "illumos", "ios", "js", "linux", "nacl", "netbsd", "openbsd", "plan9", "solaris", "wasip1", "windows",
            "zos");
    private static final Set<String> KNOWN_ARCH = Set.of("386", "amd64", "amd64p32", "arm", "armbe", "arm64",
            "arm64be", "ppc64", "ppc64le", "loong64", "mips", "mipsle", "mips64", "mips64le", "mips64p32",
            "mips64p32le", "ppc", "riscv", "riscv64", "s390", "s390x", "sparc", "sparc64", "wasm");

    public Platform {
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(osVersion, "osVersion");
        osFeatures = List.copyOf(osFeatures);
    }

    public Platform(String os, String architecture, Optional<String> variant) {
        this(os, architecture, variant, Optional.empty(), List.of());
    }

    /** {@code os/architecture} without a variant. */
    public static Platform of(String os, String architecture) {
        return new Platform(os, architecture, Optional.empty());
    }

    /** {@code os/architecture/variant}; an empty {@code variant} means none. */
    public static Platform of(String os, String architecture, String variant) {
        return new Platform(os, architecture, nonEmpty(variant));
    }

    /** The platform this JVM runs on, normalized (e.g. {@code linux/amd64}). */
    public static Platform host() {
        String os = System.getProperty("os.name", "linux").toLowerCase(Locale.ROOT);
        os = os.startsWith("windows") ? "windows" : os.startsWith("mac") ? "darwin" : os.replace(" ", "");
        return of(os, System.getProperty("os.arch", "amd64")).normalize();
    }

    /** Parses a specifier against the {@link #host()} platform. */
    public static Platform parse(String specifier) {
        return parse(specifier, host());
    }

    /**
     * Parses {@code os[(os.version)][/arch[/variant]]} or a lone architecture, taking what is
     * missing from {@code host}.
     *
     * @throws InvalidInputException naming the specifier and what is wrong with it
     */
    public static Platform parse(String specifier, Platform host) {
        Objects.requireNonNull(specifier, "specifier");
        if (specifier.contains("*")) {
            throw invalid(specifier, "wildcards are not supported");
        }
        String[] parts = specifier.split("/", 4);
        String first = parts[0];
        Optional<String> osVersion = Optional.empty();
        int paren = first.indexOf('(');
        if (paren >= 0 && first.endsWith(")")) {
            osVersion = nonEmpty(first.substring(paren + 1, first.length() - 1));
            first = first.substring(0, paren);
        }
        checkComponent(specifier, first);
        for (int i = 1; i < parts.length; i++) {
            checkComponent(specifier, parts[i]);
        }
        String os = normalizeOs(first);
        return switch (parts.length) {
            case 1 -> parseLone(specifier, os, osVersion, host);
            case 2 -> new Platform(os, normalizeArch(parts[1], ""), impliedVariant(parts[1], ""), osVersion, List.of());
            case 3 -> {
                String arch = normalizeArch(parts[1], parts[2]);
                String variant = normalizeVariant(arch, parts[1], parts[2]);
                // containerd keeps an explicit arm64 variant: "linux/arm64/v8" stays v8.
                yield new Platform(os, arch, Optional.of(variant.isEmpty() && arch.equals("arm64") ? "v8" : variant)
                        .filter(v -> !v.isEmpty()), osVersion, List.of());
            }
            default -> throw invalid(specifier, "expected os/architecture[/variant]");
        };
    }

    /**
     * BuildKit's {@code --platform a,b,...}: each specifier parsed against {@code host} and
     * normalized ({@code linux/arm} is {@code linux/arm/v7}, {@code linux/arm64/v8} is
     * {@code linux/arm64}), in the order written; a platform written twice is built once.
     *
     * @throws InvalidInputException naming the list and the specifier that is wrong
     */
    public static List<Platform> parseList(String specifiers, Platform host) {
        Objects.requireNonNull(specifiers, "specifiers");
        java.util.LinkedHashSet<Platform> platforms = new java.util.LinkedHashSet<>();
        for (String one : specifiers.split(",", -1)) {
            String trimmed = one.strip();
            if (trimmed.isEmpty()) {
                throw new InvalidInputException("invalid platform list \"" + specifiers + "\": an empty entry");
            }
            platforms.add(parse(trimmed, host).normalize());
        }
        return List.copyOf(platforms);
    }

    /** containerd's {@code Normalize}: the form in which platforms are compared. */
    public Platform normalize() {
        String arch = normalizeArch(architecture, variant.orElse(""));
        String normalizedVariant = normalizeVariant(arch, architecture, variant.orElse(""));
        return new Platform(normalizeOs(os), arch, nonEmpty(normalizedVariant), osVersion, osFeatures);
    }

    /** {@code os/architecture[/variant]}, containerd's {@code Format}. */
    @Override
    public String toString() {
        return os + "/" + architecture + variant.map(v -> "/" + v).orElse("");
    }

    private static Platform parseLone(String specifier, String os, Optional<String> osVersion, Platform host) {
        if (KNOWN_OS.contains(os)) {
            return new Platform(os, host.architecture(), host.variant().filter(v -> !host.architecture().equals("arm")
                    || !v.equals("v7")), osVersion, List.of());
        }
        String arch = normalizeArch(os, "");
        if (KNOWN_ARCH.contains(arch)) {
            return new Platform(host.os(), arch, impliedVariant(os, ""), Optional.empty(), List.of());
        }
        throw invalid(specifier, "unknown operating system or architecture");
    }

    /** The variant containerd's Parse keeps for {@code arch} given alone: none, except armel. */
    private static Optional<String> impliedVariant(String rawArch, String rawVariant) {
        String arch = normalizeArch(rawArch, rawVariant);
        String variant = normalizeVariant(arch, rawArch, rawVariant);
        return nonEmpty(arch.equals("arm") && variant.equals("v7") ? "" : variant);
    }

    private static String normalizeOs(String os) {
        String lower = os.toLowerCase(Locale.ROOT);
        return lower.equals("macos") ? "darwin" : lower;
    }

    private static String normalizeArch(String arch, String variant) {
        return switch (arch.toLowerCase(Locale.ROOT)) {
            case "i386" -> "386";
            case "x86_64", "x86-64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "armhf", "armel", "arm" -> "arm";
            default -> arch.toLowerCase(Locale.ROOT);
        };
    }

    /** containerd's variant rules for an already normalized {@code arch}. */
    private static String normalizeVariant(String arch, String rawArch, String rawVariant) {
        String variant = rawVariant.toLowerCase(Locale.ROOT);
        String raw = rawArch.toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "386" -> "";
            case "amd64" -> variant.equals("v1") ? "" : variant;
            case "arm64" -> switch (variant) {
                case "8", "v8", "v8.0" -> "";
                case "9", "9.0", "v9.0" -> "v9";
                default -> variant;
            };
            case "arm" -> switch (raw) {
                case "armhf" -> "v7";
                case "armel" -> "v6";
                default -> switch (variant) {
                    case "", "7" -> "v7";
                    case "5", "6", "8" -> "v" + variant;
                    default -> variant;
                };
            };
            default -> variant;
        };
    }

    private static void checkComponent(String specifier, String component) {
        if (component.isEmpty()) {
            throw invalid(specifier, "empty component");
        }
        for (int i = 0; i < component.length(); i++) {
            char c = component.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '_' || c == '.' || c == '-';
            if (!ok) {
                throw invalid(specifier, "\"" + component + "\" may only contain letters, digits, '_', '.' and '-'");
            }
        }
    }

    private static InvalidInputException invalid(String specifier, String why) {
        return new InvalidInputException("invalid platform \"" + specifier + "\": " + why);
    }

    private static Optional<String> nonEmpty(String s) {
        return s == null || s.isEmpty() ? Optional.empty() : Optional.of(s);
    }
}
