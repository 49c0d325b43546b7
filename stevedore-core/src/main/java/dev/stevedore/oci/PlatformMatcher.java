package dev.stevedore.oci;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which entries of an image index fit a wanted platform, and which fits best: containerd's
 * {@code platforms.Only}, the matcher Docker and BuildKit pull with.
 *
 * <p>The wanted platform is normalized and expanded into an ordered list of platforms it can
 * run, best first: {@code linux/arm/v7} accepts {@code v7}, then {@code v6}, then {@code v5};
 * {@code linux/amd64/v3} accepts {@code v3}, {@code v2}, {@code amd64}, then {@code 386};
 * {@code linux/arm64} accepts {@code arm64}, then {@code arm/v8} down to {@code arm/v5}. A
 * candidate matches when its normalized OS, architecture and variant equal one of them, so
 * {@code unknown/unknown} attestation entries never match.
 */
public final class PlatformMatcher {

    private final Platform wanted;
    private final List<Platform> acceptable;

    private PlatformMatcher(Platform wanted) {
        this.wanted = wanted.normalize();
        this.acceptable = expand(this.wanted);
    }

    /** A matcher for {@code wanted} and the platforms it can fall back to. */
    public static PlatformMatcher only(Platform wanted) {
        return new PlatformMatcher(Objects.requireNonNull(wanted, "wanted"));
    }

    /** The wanted platform, normalized. */
    public Platform wanted() {
        return wanted;
    }

    /** The platforms accepted, best first, all normalized. */
    public List<Platform> acceptable() {
        return acceptable;
    }

    /** Whether an image for {@code candidate} runs on the wanted platform. */
    public boolean matches(Platform candidate) {
        return rank(candidate) >= 0;
    }

    /** Where {@code candidate} is in {@link #acceptable()}, or -1 when it does not match. */
    public int rank(Platform candidate) {
        Platform c = candidate.normalize();
        for (int i = 0; i < acceptable.size(); i++) {
            Platform a = acceptable.get(i);
            if (a.os().equals(c.os()) && a.architecture().equals(c.architecture())
                    && a.variant().equals(c.variant())) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The best entry of an index for the wanted platform: the one with the lowest rank, the
     * first in index order among equals (as Docker picks). Entries without a platform and
     * attestation manifests never match.
     */
    public Optional<Descriptor> select(List<Descriptor> entries) {
        Descriptor best = null;
        int bestRank = Integer.MAX_VALUE;
        for (Descriptor entry : entries) {
            if (entry.platform().isEmpty() || entry.isAttestation()) {
                continue;
            }
            int rank = rank(entry.platform().get());
            if (rank >= 0 && rank < bestRank) {
                best = entry;
                bestRank = rank;
            }
        }
        return Optional.ofNullable(best);
    }

    private static List<Platform> expand(Platform p) {
        List<Platform> out = new ArrayList<>();
        out.add(p);
        String variant = p.variant().orElse("");
        switch (p.architecture()) {
            case "amd64" -> {
                for (int v = versionOf(variant) - 1; v >= 1; v--) {
                    out.add(like(p, "amd64", "v" + v));
                }
                out.add(like(p, "386", ""));
            }
            case "arm" -> {
                for (int v = versionOf(variant) - 1; v >= 5; v--) {
                    out.add(like(p, "arm", "v" + v));
                }
            }
            case "arm64" -> {
                if (!variant.isEmpty()) {
                    out.add(like(p, "arm64", ""));  // v9 and v8.x CPUs run plain arm64 (v8)
                }
                // Every arm64 CPU runs 32-bit arm/v8 and below (containerd's platformVector).
                for (int v = 8; v >= 5; v--) {
                    out.add(like(p, "arm", "v" + v));
                }
            }
            default -> { }
        }
        return List.copyOf(out);
    }

    /** {@code 7} for {@code v7}; 0 when the variant is not {@code v<n>}. */
    private static int versionOf(String variant) {
        if (variant.length() < 2 || variant.charAt(0) != 'v' || variant.length() > 4) {
            return 0;
        }
        for (int i = 1; i < variant.length(); i++) {
            if (variant.charAt(i) < '0' || variant.charAt(i) > '9') {
                return 0;
            }
        }
        return Integer.parseInt(variant.substring(1));
    }

    private static Platform like(Platform p, String arch, String variant) {
        return new Platform(p.os(), arch, variant.isEmpty() ? Optional.empty() : Optional.of(variant),
                p.osVersion(), p.osFeatures()).normalize();
    }
}
