package dev.stevedore.api;

import dev.stevedore.api.SystemInfo.Fact;
import dev.stevedore.linux.UserNamespace;
import dev.stevedore.rootless.Identity;
import dev.stevedore.runtime.RuntimeLocator;
import dev.stevedore.snapshot.SnapshotterChoice;
import dev.stevedore.store.Store;
import java.util.List;
import java.util.Optional;

/**
 * The facts of {@code stevedore info} about privilege: rootless or not, the user namespace's
 * mapping, and the snapshotter that works here (each mount is tried, not assumed).
 */
final class RootlessFacts {

    private RootlessFacts() {}

    static List<Fact> of(Store store, java.util.Map<String, String> env) {
        UserNamespace ns = UserNamespace.current();
        String rootless;
        if (ns.initial()) {
            rootless = Identity.current().uid() == 0 ? "no (root of the host)" : "no (an ordinary user outside a user namespace)";
        } else {
            long outside = ns.uids().getFirst().outside();
            rootless = "yes (uid 0 is " + Identity.current().name() + ", uid " + outside + ", outside; "
                    + (ns.mappedUids() > 1 ? "subordinate ids mapped)"
                            : "a single-id mapping: no subordinate ids, so files of other owners cannot be made)");
        }
        return List.of(
                new Fact("Rootless", rootless),
                new Fact("User namespace", ns.initial() ? "the host's" : "uids " + ns.describeUids()),
                new Fact("Snapshotter", snapshotter(store, env)));
    }

    /** Which {@code --isolation}s work here: oci needs a runtime, chroot util-linux's unshare. */
    static String isolations() {
        String oci = available("oci (the default: a container under " + runtimeName() + ")", runtimeName() != null);
        String chroot = available("chroot (no namespaces: files only; see the README)", RuntimeLocator.find("unshare", System.getenv().getOrDefault("PATH", "")).isPresent());
        return oci + "; " + chroot;
    }

    private static String available(String what, boolean yes) {
        return what + (yes ? "" : " — not available here");
    }

    private static String runtimeName() {
        try {
            return RuntimeLocator.locate(Optional.empty()).getFileName().toString();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The snapshotter a build here would use, and why the ones before it were passed over. */
    static String snapshotter(Store store, java.util.Map<String, String> env) {
        try {
            return SnapshotterChoice.choose(env, store.tmpDirectory()).describe();
        } catch (RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
