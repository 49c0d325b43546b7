package dev.stevedore.dockerfile.shell;

import java.util.Locale;
import java.util.Set;

/**
 * Which instructions have their arguments expanded by Stevedore, per the Dockerfile reference
 * ("Environment replacement"): ADD, ARG, COPY, ENV, EXPOSE, FROM, LABEL, ONBUILD (for the
 * instruction it carries), STOPSIGNAL, USER, VOLUME and WORKDIR. RUN, CMD, ENTRYPOINT,
 * HEALTHCHECK and SHELL are left as written: the container's shell expands them when it runs.
 * Flags of RUN (such as {@code --mount}) are the exception the instruction parser handles.
 */
public final class ExpandedInstructions {

    private static final Set<String> EXPANDED = Set.of(
            "ADD", "ARG", "COPY", "ENV", "EXPOSE", "FROM", "LABEL", "ONBUILD", "STOPSIGNAL", "USER",
            "VOLUME", "WORKDIR");

    private ExpandedInstructions() {}

    /** Whether the arguments of {@code keyword} (any case) are expanded before the build uses them. */
    public static boolean expands(String keyword) {
        return EXPANDED.contains(keyword.toUpperCase(Locale.ROOT));
    }
}
