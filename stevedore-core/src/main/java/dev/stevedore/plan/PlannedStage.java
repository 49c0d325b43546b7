package dev.stevedore.plan;

import dev.stevedore.dockerfile.Stage;
import dev.stevedore.oci.Platform;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Objects;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One stage of a {@link BuildPlan}, its references resolved.
 *
 * @param stage          the typed stage (index, FROM, instructions)
 * @param base           what it starts from
 * @param platform       the platform it builds for: its FROM's {@code --platform}, else its base
 *                       stage's, else the target platform
 * @param dependencies   the stages it needs, by index: its FROM stage and every stage of its
 *                       {@code COPY --from} and {@code RUN --mount from=}
 * @param externalImages the images it pulls: its base image and the images of its
 *                       {@code --from}s
 * @param sources        every {@code --from} value of its instructions, as written, and what it
 *                       refers to (a value means the same throughout one stage)
 */
public record PlannedStage(Stage stage, Base base, Platform platform, SortedSet<Integer> dependencies,
                           SortedSet<ExternalImage> externalImages, SequencedMap<String, SourceRef> sources) {

    public PlannedStage {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(platform, "platform");
        dependencies = Collections.unmodifiableSortedSet(new TreeSet<>(dependencies));
        externalImages = Collections.unmodifiableSortedSet(new TreeSet<>(externalImages));
        sources = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(sources));
    }

    public int index() {
        return stage.index();
    }

    /** The {@code AS} name, lower-cased; empty for an unnamed stage. */
    public Optional<String> name() {
        return stage.name();
    }

    /** The name, or {@code stage-N} for an unnamed stage, as BuildKit shows it. */
    public String displayName() {
        return name().orElse("stage-" + index());
    }

    /**
     * What the {@code --from} value {@code written} (exactly as in the Dockerfile, before expansion)
     * of one of this stage's instructions refers to.
     *
     * @throws IllegalStateException when no instruction of this stage has that value: a bug of the caller
     */
    public SourceRef source(String written) {
        SourceRef ref = sources.get(written);
        if (ref == null) {
            throw new IllegalStateException("stage " + displayName() + " has no --from=" + written);
        }
        return ref;
    }
}
