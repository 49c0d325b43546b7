package dev.stevedore.exec;

import dev.stevedore.diag.InternalException;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.diag.StevedoreException;
import dev.stevedore.dockerfile.Instruction;
import dev.stevedore.oci.Digest;
import dev.stevedore.runtime.ResolvedUser;
import dev.stevedore.runtime.Users;
import dev.stevedore.snapshot.Active;
import dev.stevedore.snapshot.View;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code COPY} and {@code ADD}: the sources ({@link CopyInputs}) written into a fresh overlay on
 * the stage's layers (or, with {@code --link}, on nothing), the destination resolved inside the
 * image's root. The cache key holds what identifies exactly the content read, so a
 * {@code COPY --from} of unchanged files stays cached when its stage rebuilt. {@code created_by}
 * is BuildKit's: {@code COPY [--parents] [--chown=U] [--chmod=M] SRC... DEST # buildkit}.
 */
final class CopyStep {

    private CopyStep() {}

    static StageState apply(StageContext ctx, StageState state, Instruction in) {
        CopySpec spec = CopySpec.of(in);
        StepHandle step = ctx.step(in);
        try {
            return run(ctx, state, spec, step);
        } catch (StevedoreException e) {
            step.failed(e.getMessage());
            throw e;
        } catch (IOException | UncheckedIOException e) {
            step.failed(e.getMessage());
            throw new InternalException(StageContext.text(in) + ": " + e.getMessage(), e);
        }
    }

    private static StageState run(StageContext ctx, StageState state, CopySpec spec, StepHandle step) throws IOException {
        String rawDest = ctx.scope.expand(spec.destination());
        String dest = WorkdirStep.resolve(state.config().config().workingDir(), rawDest);
        boolean destIsDir = rawDest.endsWith("/") || rawDest.endsWith("/.") || rawDest.equals(".") || rawDest.isEmpty();
        Optional<Chmod> chmod = spec.chmod().map(ctx.scope::expand).map(Chmod::parse);
        Optional<String> chown = spec.chown().map(ctx.scope::expand);
        try (CopyInputs inputs = CopyInputs.gather(ctx, spec)) {
            List<CopyPart> parts = inputs.parts();
            if (parts.size() > 1 && !destIsDir) {
                throw severalSources(ctx, spec);
            }
            List<String> keyParts = new ArrayList<>(List.of(spec.keyword(), dest, String.valueOf(destIsDir),
                    chown.orElse(""), spec.chmod().orElse(""), String.join("\0", spec.exclude()),
                    String.valueOf(spec.parents())));
            parts.forEach(p -> keyParts.add(p.key() + "\0" + p.unpack()));
            Digest key = CacheKeys.of(spec.link() ? CacheKeys.root(ctx.session.epoch.rootParts("link")) : state.cacheKey(), keyParts);
            Digest stateKey = spec.link() ? CacheKeys.of(state.cacheKey(), List.of(key.toString())) : key;
            String createdBy = createdBy(spec, chown, parts, rawDest);
            Optional<BuildCache.Entry> hit = ctx.noCache ? Optional.empty() : ctx.session.cache.get(key);
            if (hit.isPresent()) {
                step.cached();
                return Steps.withResult(state, hit.get(), createdBy, stateKey);
            }
            BuildCache.Entry entry = write(ctx, state, spec, inputs.fetched(), dest, destIsDir, chown, chmod);
            ctx.session.cache.put(key, entry);
            step.done();
            return Steps.withResult(state, entry, createdBy, stateKey);
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

    private static BuildCache.Entry write(StageContext ctx, StageState state, CopySpec spec, List<CopyPart> parts,
                                          String dest, boolean destIsDir, Optional<String> chown,
                                          Optional<Chmod> chmod) throws IOException {
        Instant started = ctx.session.epoch.stepTime();
        Layers layers = ctx.session.layers;
        TreeCopier.Owner owner = owner(ctx, state, spec, chown);
        try (Active active = layers.prepare(spec.link() ? List.of() : state.layers())) {
            Path root = active.merged();
            TreeCopier copier = new TreeCopier(root, owner, chmod);
            boolean existingDir = Files.isDirectory(RootedPaths.resolve(root, dest));
            if (!destIsDir && !existingDir && !spec.parents() && parts.stream().anyMatch(CopyPart::severalSources)) {
                throw severalSources(ctx, spec);
            }
            for (CopyPart part : parts) {
                copier.copy(part, dest, destIsDir || existingDir || !part.oneFile() || spec.parents());
            }
            copier.finish();
            return new BuildCache.Entry(layers.commit(active, spec.keyword() + " " + dest), started);
        }
    }

    private static InvalidInputException severalSources(StageContext ctx, CopySpec spec) {
        return ctx.error(spec.in(), "When using " + spec.keyword() + " with more than one source file, the"
                + " destination must be a directory and end with a /");
    }

    private static TreeCopier.Owner owner(StageContext ctx, StageState state, CopySpec spec, Optional<String> chown)
            throws IOException {
        if (chown.isEmpty()) {
            return TreeCopier.Owner.KEEP;
        }
        Layers layers = ctx.session.layers;
        try (View view = layers.view(state.layers())) {
            ResolvedUser user = Users.fileOwner(view.root(), chown.get());
            return new TreeCopier.Owner(user.uid(), user.gid());
        } catch (StevedoreException e) {
            throw ctx.error(spec.in(), StageContext.text(spec.in()) + ": " + e.getMessage());
        }
    }
}
