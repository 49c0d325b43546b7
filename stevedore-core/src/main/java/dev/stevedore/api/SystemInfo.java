package dev.stevedore.api;

import dev.stevedore.runtime.RuntimeLocator;
import dev.stevedore.runtime.spec.SeccompProfile;
import dev.stevedore.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code stevedore info} shows: where the store is and who may enter it, which runtime runs
 * RUN, and how RUN is confined by default. An ordered list of named facts, so that a new fact
 * (the snapshotter, rootless mode, binfmt handlers) is one more {@link Fact}.
 */
public final class SystemInfo {

    /**
     * One line of {@code stevedore info}: a name and its value, as a sentence fragment.
     *
     * @param name  what it is about ({@code Store}, {@code Runtime})
     * @param value what it is
     */
    public record Fact(String name, String value) {}

    private SystemInfo() {}

    /**
     * The facts about {@code store} and this machine, in the order shown, for a command whose
     * environment is {@code env} (which may force the snapshotter).
     *
     * @param store          the store
     * @param defaultNetwork the network of a RUN that does not choose one
     * @param env            the command's environment
     * @return the facts, in order
     */
    public static List<Fact> of(Store store, NetworkMode defaultNetwork, java.util.Map<String, String> env) {
        List<Fact> facts = new ArrayList<>();
        facts.add(new Fact("Store root", store.root().toString()));
        facts.add(new Fact("Store mode", mode(store.root())));
        facts.add(new Fact("Runtime", runtime()));
        facts.addAll(RootlessFacts.of(store, env));
        facts.add(new Fact("Isolations", RootlessFacts.isolations()));
        facts.add(new Fact("Seccomp", "on by default (Docker's profile, " + SeccompProfile.DEFAULT.defaultAction()
                + " for what it does not allow); off for RUN --security=insecure with --allow security.insecure"));
        facts.add(new Fact("Default network", switch (defaultNetwork) {
            case PRIVATE -> "private (RUN has a network of its own, outbound through slirp4netns; "
                    + "RUN --network=host needs --allow network.host)";
            case HOST -> "host (RUN shares the host's network)";
            case NONE -> "none";
        }));
        return facts;
    }

    /**
     * Rootless or not, the user namespace's mapping and the snapshotter that works: what {@code --debug} shows first.
     *
     * @param store the store
     * @param env   the command's environment
     * @return the facts, in order
     */
    public static List<Fact> privilege(Store store, java.util.Map<String, String> env) {
        return RootlessFacts.of(store, env);
    }

    private static String mode(Path root) {
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(root);
            int bits = 0;
            for (PosixFilePermission p : mode) {
                bits |= 1 << (8 - p.ordinal());
            }
            String octal = String.format("%04o", bits);
            return (bits & 0077) == 0 ? octal + " (private to its owner)" : octal + " (other users can enter it)";
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static String runtime() {
        try {
            return RuntimeLocator.locate(Optional.empty()).toString();
        } catch (RuntimeException e) {
            return "none (" + e.getMessage() + ")";
        }
    }
}
