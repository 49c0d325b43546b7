package dev.stevedore.snapshot;

import dev.stevedore.linux.UserNamespace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The snapshotter this process uses, and why: forced by {@link SnapshotterKind#ENV}, else the
 * first kind whose trial mount works in a scratch directory, so that a refusal is known before
 * a build's first RUN and {@code stevedore info} and {@code --debug} can say what was chosen.
 *
 * @param kind      the kind chosen
 * @param refusals  why each kind tried before it was passed over, in order (empty when forced or the first worked)
 * @param forced    whether {@link SnapshotterKind#ENV} chose it
 */
public record SnapshotterChoice(SnapshotterKind kind, List<String> refusals, boolean forced) {

    public SnapshotterChoice {
        refusals = List.copyOf(refusals);
    }

    /**
     * The kind {@code env} forces, else the first of overlayfs, fuse-overlayfs and native that
     * works here, each tried with a mount in {@code scratch}.
     *
     * @throws dev.stevedore.diag.InvalidInputException when {@code env} forces an unknown kind
     */
    public static SnapshotterChoice choose(Map<String, String> env, Path scratch) {
        Optional<SnapshotterKind> forced = SnapshotterKind.forced(env);
        if (forced.isPresent()) {
            return new SnapshotterChoice(forced.get(), List.of(), true);
        }
        List<String> refusals = new ArrayList<>();
        for (SnapshotterKind kind : List.of(SnapshotterKind.OVERLAYFS, SnapshotterKind.FUSE_OVERLAYFS)) {
            Optional<String> refusal = refusal(kind, scratch);
            if (refusal.isEmpty()) {
                return new SnapshotterChoice(kind, refusals, false);
            }
            refusals.add(kind.label() + ": " + refusal.get());
        }
        return new SnapshotterChoice(SnapshotterKind.NATIVE, refusals, false);
    }

    private static Optional<String> refusal(SnapshotterKind kind, Path scratch) {
        try {
            return OverlayProbe.refusal(kind, scratch);
        } catch (IOException | RuntimeException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** What {@code stevedore info} and {@code --debug} show, e.g. "fuse-overlayfs (overlayfs: ...)". */
    public String describe() {
        String name = switch (kind) {
            case OVERLAYFS -> UserNamespace.current().initial() ? "overlayfs" : "overlayfs in the user namespace (userxattr)";
            case FUSE_OVERLAYFS -> "fuse-overlayfs";
            case NATIVE -> "native (a copy of the layers per step: slow, but needs no mount)";
        };
        if (forced) {
            return name + ", forced by " + SnapshotterKind.ENV;
        }
        return refusals.isEmpty() ? name : name + "; refused: " + String.join("; ", refusals);
    }
}
