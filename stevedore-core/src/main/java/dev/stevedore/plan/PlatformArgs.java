package dev.stevedore.plan;

import dev.stevedore.oci.Platform;
import java.util.LinkedHashMap;
import java.util.SequencedMap;

/**
 * The automatic platform ARGs ({@code TARGETPLATFORM}, {@code TARGETOS}, {@code TARGETARCH},
 * {@code TARGETVARIANT}, {@code BUILDPLATFORM}, {@code BUILDOS}, {@code BUILDARCH},
 * {@code BUILDVARIANT}). They live in the global scope: FROM lines see them, and a stage sees
 * one only after re-declaring it with {@code ARG NAME}.
 */
public final class PlatformArgs {

    private PlatformArgs() {}

    public static SequencedMap<String, String> of(Platform target, Platform build) {
        SequencedMap<String, String> args = new LinkedHashMap<>();
        put(args, "TARGET", target);
        put(args, "BUILD", build);
        return args;
    }

    private static void put(SequencedMap<String, String> args, String prefix, Platform p) {
        String variant = p.variant().orElse("");
        args.put(prefix + "PLATFORM", p.os() + "/" + p.architecture() + (variant.isEmpty() ? "" : "/" + variant));
        args.put(prefix + "OS", p.os());
        args.put(prefix + "ARCH", p.architecture());
        args.put(prefix + "VARIANT", variant);
    }
}
