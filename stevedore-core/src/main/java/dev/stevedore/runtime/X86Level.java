package dev.stevedore.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The x86-64 microarchitecture level this CPU runs ({@code v1} to {@code v4}, the psABI's
 * levels), from the feature flags of {@code /proc/cpuinfo}: an amd64 host runs
 * {@code linux/amd64/v2} images natively when its CPU has v2's features, as BuildKit's worker
 * lists {@code linux/amd64/v2} and {@code v3} among its platforms on such a machine.
 */
public final class X86Level {

    /** Each level's features beyond the one before, as {@code /proc/cpuinfo} names them. */
    private static final List<Set<String>> LEVELS = List.of(
            Set.of("cx16", "lahf_lm", "popcnt", "sse4_1", "sse4_2", "ssse3"),
            Set.of("avx", "avx2", "bmi1", "bmi2", "f16c", "fma", "abm", "movbe", "xsave"),
            Set.of("avx512f", "avx512bw", "avx512cd", "avx512dq", "avx512vl"));

    private X86Level() {}

    /** The level of a CPU with these feature flags: {@code v1} when it lacks any of v2's. */
    public static String of(Set<String> flags) {
        int level = 1;
        for (Set<String> next : LEVELS) {
            if (!flags.containsAll(next)) {
                break;
            }
            level++;
        }
        return "v" + level;
    }

    /** This machine's level, from {@code cpuinfo}'s first {@code flags} line; {@code v1} when unreadable. */
    public static String of(Path cpuinfo) {
        try (Stream<String> lines = Files.lines(cpuinfo)) {
            return lines.filter(l -> l.startsWith("flags")).findFirst()
                    .map(l -> of(Stream.of(l.substring(l.indexOf(':') + 1).trim().split("\\s+"))
                            .collect(Collectors.toSet())))
                    .orElse("v1");
        } catch (IOException e) {
            return "v1";
        }
    }
}
