package dev.stevedore.exec;

import dev.stevedore.diag.StevedoreException;
import dev.stevedore.dockerfile.Instruction;
import dev.stevedore.oci.EnvLine;
import dev.stevedore.oci.ImageConfig;
import dev.stevedore.oci.ImageReference;
import dev.stevedore.plan.Base;
import dev.stevedore.plan.NamedContext;
import dev.stevedore.plan.OnbuildTriggers;
import dev.stevedore.plan.PlannedStage;
import dev.stevedore.plan.StageScope;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Runs the instructions of one stage, in order, from its base to its final state. */
final class StageRunner {

    private StageRunner() {}

    static StageState run(BuildSession session, PlannedStage planned) {
        Instant started = Instant.now();
        boolean noCache = session.options.noCache()
                || session.options.noCacheFilter().contains(planned.displayName());
        List<Instruction> instructions = new ArrayList<>(planned.stage().instructions());
        int total = 1 + (int) instructions.stream().filter(i -> !ConfigStep.handles(i)).count();
        // the FROM step starts before its image is resolved, so that a pull's progress shows on it
        // (an image's ONBUILD triggers are counted in the steps after it only)
        StepHandle from = session.step(session.plan.progressName(planned.index()), 1, total, fromText(session, planned));
        List<Instruction> triggers = new ArrayList<>();
        StageState state;
        try {
            state = base(session, planned, triggers, from);
        } catch (StevedoreException e) {
            from.failed(e.getMessage());
            throw Located.at(e, session.dockerfile.file(), planned.stage().from().range());
        }
        instructions.addAll(0, triggers);
        total += (int) triggers.stream().filter(i -> !ConfigStep.handles(i)).count();
        StageScope scope = new StageScope(session.global, session.options.buildArgs(), session.lexer,
                env(state.config()), planned.base() instanceof Base.FromStage(int parent)
                        ? session.stageArgs.get(parent) : Map.of());
        StageContext ctx = new StageContext(session, planned, scope, noCache, total, 1);
        from.done();
        for (Instruction in : instructions) {
            state = step(ctx, state, in);
        }
        session.stageArgs.put(planned.index(), scope.args());
        int cached = (int) ctx.steps.stream().filter(StepHandle::wasCached).count();
        session.results.put(planned.index(), new StageResult(planned.index(), planned.displayName(),
                baseName(session, planned), state.layers(), Duration.between(started, Instant.now()),
                1 + ctx.steps.size(), cached, planned.index() == session.plan.target().index()));
        return state;
    }

    /**
     * The FROM step's name: BuildKit names an image's source {@code FROM} and the reference as
     * resolved (expanded, normalized: {@code FROM docker.io/library/alpine:3}), without flags or
     * {@code AS}; other bases by their names.
     */
    private static String fromText(BuildSession session, PlannedStage planned) {
        return "FROM " + (planned.base() instanceof Base.FromImage(ImageReference ref, var platform)
                ? ref.withDefaultTag().toString() : baseName(session, planned));
    }

    private static String baseName(BuildSession session, PlannedStage planned) {
        return switch (planned.base()) {
            case Base.FromScratch() -> "scratch";
            case Base.FromStage(int index) -> session.plan.stage(index).displayName();
            case Base.FromImage(ImageReference ref, var platform) -> ref.familiarString();
            case Base.FromContext(NamedContext named) -> named.name();
        };
    }

    private static StageState step(StageContext ctx, StageState state, Instruction in) {
        return switch (in) {
            case Instruction.Run run -> RunStep.apply(ctx, state, run);
            case Instruction.Copy copy -> CopyStep.apply(ctx, state, copy);
            case Instruction.Add add -> CopyStep.apply(ctx, state, add);
            case Instruction.Workdir workdir -> WorkdirStep.apply(ctx, state, workdir);
            case Instruction.From from -> throw ctx.error(from, "FROM inside a stage");
            default -> ConfigStep.apply(ctx, state, in);
        };
    }

    /** The state a stage starts from; the base image's ONBUILD triggers are added to {@code triggers}. */
    private static StageState base(BuildSession session, PlannedStage planned, List<Instruction> triggers,
                                   StepHandle from) {
        return switch (planned.base()) {
            case Base.FromScratch() -> scratch(session);
            case Base.FromStage(int index) -> session.stages.get(index).join();
            case Base.FromImage(ImageReference ref, var platform) -> image(session, ref, triggers, from);
            case Base.FromContext(NamedContext named) -> switch (named.source()) {
                case NamedContext.Source.DockerImage(ImageReference ref) -> image(session, ref, triggers, from);
                case NamedContext.Source.Directory dir -> ContextTrees.asBase(session, named, scratch(session));
            };
        };
    }

    static StageState scratch(BuildSession session) {
        return new StageState(ImageConfig.emptyStage(session.options.platform()), List.of(),
                CacheKeys.root(session.epoch.rootParts("scratch", session.options.platform().toString())));
    }

    private static StageState image(BuildSession session, ImageReference ref, List<Instruction> triggers,
                                    StepHandle from) {
        BaseImage image = session.images.get(ref.toString(), Optional.of(from));
        ImageConfig config = image.config();
        if (!config.config().onBuild().isEmpty()) {
            triggers.addAll(OnbuildTriggers.parse(config.config().onBuild(), ref.familiarString()));
            config = config.withConfig(c -> c.withOnBuild(List.of()));
        }
        return new StageState(config, image.layers(), CacheKeys.root(session.epoch.rootParts("image",
                image.manifestDigest().toString(), session.options.platform().toString())));
    }

    private static Map<String, String> env(ImageConfig config) {
        return EnvLine.toMap(config.config().env());
    }
}
