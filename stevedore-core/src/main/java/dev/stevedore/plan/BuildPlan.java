package dev.stevedore.plan;

import dev.stevedore.dockerfile.Stage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.SequencedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a build does, before anything runs: the stages the target needs, in an order where each
 * comes after the stages it needs (deterministic: among ready stages, the lowest index first),
 * each with its references resolved, and which of them may run at the same time. Stages the
 * target does not need are {@link #skipped()}: they are never pulled nor run. Immutable.
 */
public final class BuildPlan {

    private final String file;
    private final GlobalArgs globalArgs;
    private final int target;
    private final SequencedMap<Integer, PlannedStage> stages;
    private final List<Stage> skipped;
    private final Map<Integer, SortedSet<Integer>> dependents;
    private final SortedSet<ExternalImage> externalImages;

    BuildPlan(String file, GlobalArgs globalArgs, int target, List<PlannedStage> order, List<Stage> skipped) {
        this.file = Objects.requireNonNull(file, "file");
        this.globalArgs = Objects.requireNonNull(globalArgs, "globalArgs");
        this.target = target;
        SequencedMap<Integer, PlannedStage> byIndex = new LinkedHashMap<>();
        Map<Integer, SortedSet<Integer>> back = new TreeMap<>();
        SortedSet<ExternalImage> images = new TreeSet<>();
        for (PlannedStage stage : order) {
            byIndex.put(stage.index(), stage);
            back.put(stage.index(), new TreeSet<>());
            images.addAll(stage.externalImages());
        }
        for (PlannedStage stage : order) {
            stage.dependencies().forEach(d -> back.get(d).add(stage.index()));
        }
        back.replaceAll((k, v) -> Collections.unmodifiableSortedSet(v));
        this.stages = Collections.unmodifiableSequencedMap(byIndex);
        this.skipped = List.copyOf(skipped);
        this.dependents = Collections.unmodifiableMap(back);
        this.externalImages = Collections.unmodifiableSortedSet(images);
    }

    /** The Dockerfile's name, for diagnostics. */
    public String file() {
        return file;
    }

    /** The global scope (meta ARGs, platform ARGs) the stages' {@code ARG NAME} inherit from. */
    public GlobalArgs globalArgs() {
        return globalArgs;
    }

    /** The stage whose result is the image. */
    public PlannedStage target() {
        return stages.get(target);
    }

    /** The stages to build, each after those it needs; the target is last. */
    public List<PlannedStage> stages() {
        return List.copyOf(stages.values());
    }

    /** The stage of index {@code index}, when the plan builds it. */
    public PlannedStage stage(int index) {
        PlannedStage stage = stages.get(index);
        if (stage == null) {
            throw new NoSuchElementException("stage " + index + " is not part of this plan");
        }
        return stage;
    }

    /**
     * The stage's name as progress shows it ({@code [builder 2/3] RUN make}): its
     * {@link PlannedStage#displayName()}, or nothing when the build has this one stage only. BuildKit
     * drops the name of a lone dispatch state: a Dockerfile of one stage whose {@code --from}s name
     * no image or context (each of those is a state of its own).
     */
    public String progressName(int index) {
        boolean alone = stages.size() + skipped.size() == 1 && stages.values().stream()
                .flatMap(s -> s.sources().values().stream()).allMatch(r -> r instanceof SourceRef.StageRef);
        return alone ? "" : stage(index).displayName();
    }

    /** Whether the plan builds the stage of index {@code index}. */
    public boolean contains(int index) {
        return stages.containsKey(index);
    }

    /** The stages the target does not need, in file order: never pulled, never run. */
    public List<Stage> skipped() {
        return skipped;
    }

    /** Every image the build pulls, each once: the same reference for the same platform is one pull. */
    public SortedSet<ExternalImage> externalImages() {
        return externalImages;
    }

    /** The stages {@code index} needs directly. */
    public SortedSet<Integer> dependenciesOf(int index) {
        return stage(index).dependencies();
    }

    /** The planned stages that need {@code index} directly. */
    public SortedSet<Integer> dependentsOf(int index) {
        stage(index);
        return dependents.get(index);
    }

    /** Whether neither stage needs the other, directly or not: they may run at the same time. */
    public boolean independent(int a, int b) {
        return a != b && !needs(a, b) && !needs(b, a);
    }

    /** Whether {@code from} needs {@code to}, directly or through other stages. */
    public boolean needs(int from, int to) {
        List<Integer> todo = new ArrayList<>(dependenciesOf(from));
        SortedSet<Integer> seen = new TreeSet<>();
        while (!todo.isEmpty()) {
            int next = todo.removeLast();
            if (next == to) {
                return true;
            }
            if (seen.add(next)) {
                todo.addAll(dependenciesOf(next));
            }
        }
        return false;
    }

    /**
     * The stages grouped in waves: each wave's stages need only stages of earlier waves, so a
     * wave may run all at once. Stage indexes ascend within a wave.
     */
    public List<SortedSet<Integer>> waves() {
        Map<Integer, Integer> depth = new TreeMap<>();
        List<SortedSet<Integer>> waves = new ArrayList<>();
        for (PlannedStage stage : stages.values()) {
            int d = stage.dependencies().stream().mapToInt(depth::get).max().orElse(-1) + 1;
            depth.put(stage.index(), d);
            if (waves.size() == d) {
                waves.add(new TreeSet<>());
            }
            waves.get(d).add(stage.index());
        }
        return waves.stream().map(Collections::unmodifiableSortedSet).toList();
    }

    @Override
    public String toString() {
        return "BuildPlan" + stages.values().stream().map(PlannedStage::displayName).toList()
                + " skipped " + skipped.stream().map(StageGraph::name).toList();
    }
}
