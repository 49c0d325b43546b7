package dev.stevedore.exec;

import dev.stevedore.diag.InternalException;
import dev.stevedore.diag.StevedoreException;
import dev.stevedore.dockerfile.Instruction;
import dev.stevedore.oci.EnvLine;
import dev.stevedore.oci.ImageConfig;
import dev.stevedore.oci.ImageReference;
import dev.stevedore.plan.Base;
import dev.stevedore.plan.NamedContext;
import dev.stevedore.plan.PlannedStage;
import dev.stevedore.plan.StageScope;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the instructions of one stage, in order, from its base to its final state, and is the one
 * driver of every {@link Step}: for each, it shows the step, asks its key, looks the key up in the
 * build cache (unless {@code --no-cache} or {@code --no-cache-filter} says no), runs it on a miss,
 * records the result, reports it cached, done or failed, and adds the step's Dockerfile line to
 * any failure.
 */
final class StageRunner {

    private StageRunner() {}

    static StageState run(BuildSession session, PlannedStage planned) {
        Instant started = Instant.now();
        boolean noCache = session.options.noCache()
                || session.options.noCacheFilter().contains(planned.displayName());
        List<Instruction> instructions = new ArrayList<>(planned.stage().instructions());
        int total = 1 + shown(instructions);
        // the FROM step starts before its image is resolved, so that a pull's progress shows on it
        // (an image's ONBUILD triggers are counted in the steps after it only)
        FromStep from = new FromStep(session, planned);
        StepHandle fromHandle = session.step(session.plan.progressName(planned.index()), 1, total, from.text());
        StageState state = drive(session, planned.index(), noCache, from, fromHandle,
                FromStep.scratch(session, planned.platform()).state(),
                planned.stage().from());
        List<Instruction> triggers = from.triggers();
        instructions.addAll(0, triggers);
        total += shown(triggers);
        StageScope scope = new StageScope(session.global, session.options.buildArgs(), session.lexer,
                env(state.config()), planned.base() instanceof Base.FromStage(int parent)
                        ? session.stageArgs.get(parent) : Map.of());
        StageContext ctx = new StageContext(session, planned, scope, total);
        for (Instruction in : instructions) {
            Step step = step(ctx, in);
            StepHandle handle = switch (step.caching()) {
                case RECORDED, RESOLVED -> ctx.step(in);
                case COMPUTED -> StepHandle.hidden();
            };
            state = drive(session, planned.index(), noCache, step, handle, state, in);
        }
        session.stageArgs.put(planned.index(), scope.args());
        int cached = (int) ctx.steps.stream().filter(StepHandle::wasCached).count() + (fromHandle.wasCached() ? 1 : 0);
        session.results.put(planned.index(), new StageResult(planned.index(), planned.displayName(),
                baseName(session, planned), state.layers(), Duration.between(started, Instant.now()),
                1 + ctx.steps.size(), cached, planned.index() == session.plan.target().index()));
        return state;
    }

    /** The step of an instruction of a stage: one kind per instruction, a new kind a compile error here. */
    private static Step step(StageContext ctx, Instruction in) {
        return switch (in) {
            case Instruction.Run run -> new RunStep(ctx, run);
            case Instruction.Copy copy -> new CopyStep(ctx, copy);
            case Instruction.Add add -> new CopyStep(ctx, add);
            case Instruction.Workdir workdir -> new WorkdirStep(ctx, workdir);
            case Instruction.From from -> throw ctx.error(from, "FROM inside a stage");
            case Instruction.Env env -> new ConfigStep(ctx, env);
            case Instruction.Label label -> new ConfigStep(ctx, label);
            case Instruction.Maintainer maintainer -> new ConfigStep(ctx, maintainer);
            case Instruction.Expose expose -> new ConfigStep(ctx, expose);
            case Instruction.Volume volume -> new ConfigStep(ctx, volume);
            case Instruction.User user -> new ConfigStep(ctx, user);
            case Instruction.Shell shell -> new ConfigStep(ctx, shell);
            case Instruction.StopSignal stop -> new ConfigStep(ctx, stop);
            case Instruction.Healthcheck healthcheck -> new ConfigStep(ctx, healthcheck);
            case Instruction.Onbuild onbuild -> new ConfigStep(ctx, onbuild);
            case Instruction.Cmd cmd -> new ConfigStep(ctx, cmd);
            case Instruction.Entrypoint entrypoint -> new ConfigStep(ctx, entrypoint);
            case Instruction.Arg arg -> new ConfigStep(ctx, arg);
        };
    }

    /**
     * The one place a step is looked up, run, recorded and reported, and where its failure gets
     * the line of {@code in}: steps do none of it themselves.
     */
    private static StageState drive(BuildSession session, int stage, boolean noCache, Step step, StepHandle handle,
                                    StageState state, Instruction in) {
        StepResources resources = new StepResources(handle, session.layers, session::runtime);
        try (step) {
            CacheKey key = step.key(state, resources);
            boolean recorded = switch (step.caching()) {
                case RECORDED -> true;
                case RESOLVED, COMPUTED -> false;
            };
            boolean explain = session.options.sharedCache().explain();
            if (explain) {
                session.explainer.saw(key);
            }
            if (step.caching() == Step.Caching.RESOLVED) {
                session.cache.remember(key, stage);  // what a later miss on this base compares with
            }
            if (!recorded) {
                return runAndRecord(session, stage, false, step, handle, state, resources, key);
            }
            // another platform of the build may be running this very step: wait for it and find
            // its record (with --no-cache too: it was made by this build, as BuildKit shares it)
            StepFlights flights = session.shared.flights;
            return flights.once(key.digest(), () -> {
                boolean off = noCache && !flights.ranInThisBuild(key.digest());
                Optional<StepResult> hit = off ? Optional.empty() : session.cache.get(key, stage);
                if (hit.isPresent()) {
                    StageState next = step.next(state, hit.get(), key);
                    handle.cached();
                    return next;
                }
                if (explain) {
                    handle.missed(off ? "the cache is off for this step (--no-cache or --no-cache-filter)"
                            : session.explainer.explain(key));
                }
                return runAndRecord(session, stage, true, step, handle, state, resources, key);
            });
        } catch (StevedoreException e) {
            handle.failed(e.getMessage());
            throw Located.at(e, session.dockerfile.file(), in.range());
        } catch (IOException | UncheckedIOException e) {
            handle.failed(e.getMessage());
            throw Located.at(new InternalException(step.text() + ": " + e.getMessage(), e),
                    session.dockerfile.file(), in.range());
        }
    }

    private static StageState runAndRecord(BuildSession session, int stage, boolean recorded, Step step,
                                           StepHandle handle, StageState state, StepResources resources, CacheKey key)
            throws IOException {
        StepResult result = step.run(state, resources);
        if (recorded) {
            session.cache.put(key, result, stage);
            session.shared.flights.ran(key.digest());
        }
        StageState next = step.next(state, result, key);
        handle.done();
        return next;
    }

    /** How many of {@code instructions} are shown as steps (config changes are not). */
    private static int shown(List<Instruction> instructions) {
        return (int) instructions.stream().filter(i -> !ConfigStep.configOnly(i)).count();
    }

    /** The name of a stage's base: the image as written, scratch, a stage's or a context's name. */
    static String baseName(BuildSession session, PlannedStage planned) {
        return switch (planned.base()) {
            case Base.FromScratch() -> "scratch";
            case Base.FromStage(int index) -> session.plan.stage(index).displayName();
            case Base.FromImage(ImageReference ref, var platform) -> ref.familiarString();
            case Base.FromContext(NamedContext named) -> named.name();
        };
    }

    private static Map<String, String> env(ImageConfig config) {
        return EnvLine.toMap(config.config().env());
    }
}
