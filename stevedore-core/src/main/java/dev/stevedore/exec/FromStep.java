package dev.stevedore.exec;

import dev.stevedore.dockerfile.Instruction;
import dev.stevedore.oci.ImageConfig;
import dev.stevedore.oci.Platform;
import dev.stevedore.oci.ImageReference;
import dev.stevedore.plan.Base;
import dev.stevedore.plan.LintReport;
import dev.stevedore.plan.Linter;
import dev.stevedore.diag.Diagnostic;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.event.BuildEvent;
import java.time.Instant;
import dev.stevedore.plan.NamedContext;
import dev.stevedore.plan.OnbuildTriggers;
import dev.stevedore.plan.PlannedStage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code FROM}: the state a stage starts from. Its key is the identity of its base, as BuildKit's
 * source op resolves it: scratch and the platform, an image's manifest digest and the platform,
 * the key of the stage it names; these are resolved, never recorded. A named context directory
 * is the one base that is made: one layer of its visible files on scratch, cached by their
 * content. An image's {@code ONBUILD} triggers are taken off its config and become
 * {@link #triggers()}, run as the stage's first instructions.
 */
final class FromStep implements Step {

    private final BuildSession session;
    private final PlannedStage planned;
    private final List<Instruction> triggers = new ArrayList<>();
    /** The base as {@link #key} resolved it; for a context directory, scratch (its layer comes from {@link #run}). */
    private StageState base;
    private CopyRoot contextRoot;
    private CopyPart contextPart;

    FromStep(BuildSession session, PlannedStage planned) {
        this.session = session;
        this.planned = planned;
    }

    @Override
    public Caching caching() {
        return planned.base() instanceof Base.FromContext(NamedContext named)
                && named.source() instanceof NamedContext.Source.Directory ? Caching.RECORDED : Caching.RESOLVED;
    }

    /**
     * BuildKit names an image's source {@code FROM} and the reference as resolved (expanded,
     * normalized: {@code FROM docker.io/library/alpine:3}), without flags or {@code AS}; other
     * bases by their names.
     */
    @Override
    public String text() {
        return "FROM " + (planned.base() instanceof Base.FromImage(ImageReference ref, var platform)
                ? ref.withDefaultTag().toString() : StageRunner.baseName(session, planned));
    }

    /** The base image's {@code ONBUILD} triggers, known once {@link #key} resolved it. */
    List<Instruction> triggers() {
        return List.copyOf(triggers);
    }

    @Override
    public CacheKey key(StageState ignored, StepResources resources) {
        return switch (planned.base()) {
            case Base.FromScratch() -> resolved(scratch(session, planned.platform()));
            case Base.FromStage(int index) -> {
                StageState stage = session.stages.get(index).join();
                base = stage;
                yield CacheKey.on(stage.cacheKey(), "from-stage", List.of());
            }
            case Base.FromImage(ImageReference ref, var platform) -> image(ref, resources);
            case Base.FromContext(NamedContext named) -> switch (named.source()) {
                case NamedContext.Source.DockerImage(ImageReference ref) -> image(ref, resources);
                case NamedContext.Source.Directory dir -> contextDirectory(named);
            };
        };
    }

    private CacheKey resolved(Resolved resolved) {
        base = resolved.state();
        return resolved.key();
    }

    /** A base state with its root key. */
    record Resolved(StageState state, CacheKey key) {}

    /** The empty state on {@code scratch} for {@code platform}. */
    static Resolved scratch(BuildSession session, Platform platform) {
        CacheKey key = CacheKey.root("scratch", session.epoch.keyParts(new CacheKey.Parts()
                .add("platform", platform.toString())).all());
        return new Resolved(new StageState(ImageConfig.emptyStage(platform), List.of(), key.digest()), key);
    }

    private CacheKey image(ImageReference ref, StepResources resources) {
        BaseImage image = session.images.get(ref.toString(), planned.platform(), Optional.of(resources.progress()));
        ImageConfig config = image.config();
        checkPlatform(ref, config);
        if (!config.config().onBuild().isEmpty()) {
            triggers.addAll(OnbuildTriggers.parse(config.config().onBuild(), ref.familiarString()));
            config = config.withConfig(c -> c.withOnBuild(List.of()));
        }
        CacheKey key = CacheKey.root("image", session.epoch.keyParts(new CacheKey.Parts()
                .add("manifest", image.manifestDigest().toString())
                .add("platform", planned.platform().toString())).all());
        return resolved(new Resolved(new StageState(config, image.layers(), key.digest()), key));
    }

    /** BuildKit's InvalidBaseImagePlatform: a warning (an error under {@code check=error=true}) when the image is for another platform. */
    private void checkPlatform(ImageReference ref, ImageConfig config) {
        LintReport report = Linter.baseImagePlatform(session.dockerfile, session.options.buildArgs(),
                ref.familiarString(), planned.stage().from().range(), planned.platform(), config.platform());
        for (Diagnostic d : report.diagnostics()) {
            session.options.listener().on(new BuildEvent.Warning(Instant.now(), d));
        }
        report.violation().ifPresent(d -> {
            throw new InvalidInputException(d);
        });
    }

    /** A stage {@code FROM NAME} of a context directory: keyed by the content of its visible files. */
    private CacheKey contextDirectory(NamedContext named) {
        Resolved scratch = scratch(session, planned.platform());
        base = scratch.state();
        contextRoot = ContextTrees.root(session, named);
        var entries = contextRoot.selector().select(List.of("."), List.of(), false);
        contextPart = new CopyPart(".", contextRoot, entries, Optional.of(contextRoot.root()), false, "");
        return CacheKey.on(scratch.state().cacheKey(), "context", new CacheKey.Parts()
                .add("name", named.name())
                .add("content", contextRoot.digest(entries)).all());
    }

    @Override
    public StepResult run(StageState state, StepResources resources) throws IOException {
        if (contextPart == null) {
            return new StepResult(Optional.empty(), session.epoch.stepTime());
        }
        Layers layers = resources.layers();
        var started = session.epoch.stepTime();
        try (var active = layers.prepare(List.of())) {
            TreeCopier copier = new TreeCopier(active.root(), TreeCopier.Owner.KEEP, Optional.empty());
            copier.copy(contextPart, "/", true);
            copier.finish();
            return new StepResult(layers.commit(active, contextName()), started);
        }
    }

    @Override
    public StageState next(StageState state, StepResult result, CacheKey key) {
        return contextPart == null ? new StageState(base.config(), base.layers(), key.digest())
                : base.withResult(result, contextName(), key.digest());
    }

    private String contextName() {
        return "build context " + ((Base.FromContext) planned.base()).context().name();
    }

    @Override
    public void close() {
        if (contextRoot != null) {
            contextRoot.close();
        }
    }
}
