package dev.stevedore.exec;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.diag.StevedoreException;
import dev.stevedore.dockerfile.Instruction;
import dev.stevedore.runtime.ResolvedUser;
import dev.stevedore.runtime.Users;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code COPY} and {@code ADD}: the sources ({@link CopyInputs}) written into a fresh overlay on
 * the stage's layers (or, with {@code --link}, on nothing), the destination resolved inside the
 * image's root. The cache key holds what identifies exactly the content read, so a
 * {@code COPY --from} of unchanged files stays cached when its stage rebuilt. {@code created_by}
 * is BuildKit's: {@code COPY [--parents] [--chown=U] [--chmod=M] SRC... DEST # buildkit}.
 */
final class CopyStep implements Step {

    private final StageContext ctx;
    private final CopySpec spec;
    private CopyInputs inputs;
    private String dest;
    private boolean destIsDir;
    private Optional<String> chown;
    private String createdBy;

    CopyStep(StageContext ctx, Instruction in) {
        this.ctx = ctx;
        this.spec = CopySpec.of(in);
    }

    @Override
    public Caching caching() {
        return Caching.RECORDED;
    }

    @Override
    public String text() {
        return StageContext.text(spec.in());
    }

    /**
     * The destination as resolved in the image, the flags, and for each source what identifies
     * the content it reads. With {@code --link} the key has no parent (the layer does not depend on
     * the stage below); the state after the step still chains on the stage's key ({@link #next}).
     */
    @Override
    public CacheKey key(StageState state, StepResources resources) throws IOException {
        String rawDest = ctx.scope.expand(spec.destination());
        dest = WorkdirStep.resolve(state.config().config().workingDir(), rawDest);
        destIsDir = rawDest.endsWith("/") || rawDest.endsWith("/.") || rawDest.equals(".") || rawDest.isEmpty();
        chown = spec.chown().map(ctx.scope::expand);
        StepPhase hash = StepPhase.start("key", text());
        inputs = CopyInputs.gather(ctx, spec);
        hash.done();
        List<CopyPart> parts = inputs.parts();
        if (parts.size() > 1 && !destIsDir) {
            throw severalSources(ctx, spec);
        }
        createdBy = createdBy(spec, chown, parts, rawDest);
        // a --link layer does not depend on the stage below: its key is a root, apart per epoch as every root is
        CacheKey.Parts keyParts = (spec.link() ? ctx.session.epoch.keyParts(new CacheKey.Parts()) : new CacheKey.Parts())
                .add("destination", dest)
                .add("destination-is-directory", destIsDir)
                .add("chown", chown.orElse(""))
                .add("chmod", spec.chmod().map(ctx.scope::expand).orElse(""))
                .add("exclude", spec.exclude())
                .add("parents", spec.parents())
                .add("sources", parts.stream().map(p -> CacheKey.list(List.of(p.key(), String.valueOf(p.unpack()))))
                        .toList());
        String kind = spec.keyword().toLowerCase(Locale.ROOT);
        return spec.link() ? CacheKey.root(kind + "-link", keyParts.all())
                : CacheKey.on(state.cacheKey(), kind, keyParts.all());
    }

    @Override
    public StepResult run(StageState state, StepResources resources) throws IOException {
        Optional<Chmod> chmod = spec.chmod().map(ctx.scope::expand).map(Chmod::parse);
        return write(ctx, state, resources.layers(), spec, inputs.fetched(), dest, destIsDir, chown, chmod);
    }

    /** With {@code --link}, the state's key is the stage's key and the layer's key together. */
    @Override
    public StageState next(StageState state, StepResult result, CacheKey key) {
        return state.withResult(result, createdBy, spec.link()
                ? CacheKey.on(state.cacheKey(), "link", List.of(new CacheKey.Part("layer", key.digest().toString())))
                        .digest()
                : key.digest());
    }

    @Override
    public void close() {
        if (inputs != null) {
            inputs.close();
        }
    }

    /** BuildKit's history text: flags it records, sources as expanded, the destination as written. */
    static String createdBy(CopySpec spec, Optional<String> chown, List<CopyPart> parts, String rawDest) {
        StringBuilder b = new StringBuilder(spec.keyword());
        if (spec.parents()) {
            b.append(" --parents");
        }
        chown.ifPresent(c -> b.append(" --chown=").append(c));
        spec.chmod().ifPresent(c -> b.append(" --chmod=").append(c));
        parts.forEach(p -> b.append(' ').append(p.written()));
        return b.append(' ').append(rawDest).append(" # buildkit").toString();
    }

    private static StepResult write(StageContext ctx, StageState state, Layers layers, CopySpec spec,
                                    List<CopyPart> parts, String dest, boolean destIsDir, Optional<String> chown,
                                    Optional<Chmod> chmod) throws IOException {
        Instant started = ctx.session.epoch.stepTime();
        TreeCopier.Owner owner = owner(ctx, state, layers, spec, chown);
        try (Snapshots.Workspace active = layers.prepare(spec.link() ? List.of() : state.layers())) {
            Path root = active.root();
            TreeCopier copier = new TreeCopier(root, owner, chmod);
            boolean existingDir = Files.isDirectory(ImageRoot.resolve(root, dest));
            if (!destIsDir && !existingDir && !spec.parents() && parts.stream().anyMatch(CopyPart::severalSources)) {
                throw severalSources(ctx, spec);
            }
            StepPhase copy = StepPhase.start("copy", spec.keyword() + " " + dest);
            for (CopyPart part : parts) {
                copier.copy(part, dest, destIsDir || existingDir || !part.oneFile() || spec.parents());
            }
            copier.finish();
            copy.done();
            return new StepResult(layers.commit(active, spec.keyword() + " " + dest), started);
        }
    }

    private static InvalidInputException severalSources(StageContext ctx, CopySpec spec) {
        return ctx.error(spec.in(), "When using " + spec.keyword() + " with more than one source file, the"
                + " destination must be a directory and end with a /");
    }

    private static TreeCopier.Owner owner(StageContext ctx, StageState state, Layers layers, CopySpec spec,
                                          Optional<String> chown) throws IOException {
        if (chown.isEmpty()) {
            return TreeCopier.Owner.KEEP;
        }
        try (Snapshots.ReadOnlyRoot view = layers.view(state.layers())) {
            ResolvedUser user = Users.fileOwner(view.root(), chown.get());
            return new TreeCopier.Owner(user.uid(), user.gid());
        } catch (StevedoreException e) {
            throw ctx.error(spec.in(), StageContext.text(spec.in()) + ": " + e.getMessage());
        }
    }
}
