package dev.stevedore.snapshot;

import dev.stevedore.diag.InvalidInputException;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How a stack of snapshots becomes a root file system, in the order they are tried: the
 * kernel's overlayfs (in the user namespace when rootless, kernels 5.11 and later), else
 * fuse-overlayfs (a FUSE daemon, Debian's {@code fuse-overlayfs}), else {@link #NATIVE}: plain
 * copies, as containerd's and BuildKit's "native" snapshotter, slow but needing no mount at all.
 * Every kind leaves the same snapshot directories and writes the same layers, so one store
 * serves them all and an image's id does not depend on the kind.
 */
public enum SnapshotterKind {
    OVERLAYFS("overlayfs"),
    FUSE_OVERLAYFS("fuse-overlayfs"),
    NATIVE("native");

    /** Forces a kind (its {@link #label()}) instead of trying them in order: for tests, and for machines one knows. */
    public static final String ENV = "STEVEDORE_SNAPSHOTTER";

    private final String label;

    SnapshotterKind(String label) {
        this.label = label;
    }

    /** The name {@link #ENV} takes and {@code stevedore info} shows. */
    public String label() {
        return label;
    }

    /**
     * The kind {@link #ENV} forces in {@code env}, if it is set.
     *
     * @throws InvalidInputException when it names no kind
     */
    public static Optional<SnapshotterKind> forced(Map<String, String> env) {
        String value = env.getOrDefault(ENV, "").strip();
        if (value.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Arrays.stream(values()).filter(k -> k.label.equals(value)).findFirst()
                .orElseThrow(() -> new InvalidInputException(ENV + "=" + value + " names no snapshotter (choose one of "
                        + Arrays.stream(values()).map(SnapshotterKind::label).collect(Collectors.joining(", ")) + ")")));
    }
}
