package dev.stevedore.exec;

import dev.stevedore.context.IgnorePatterns;
import dev.stevedore.diag.InternalException;
import dev.stevedore.diag.StevedoreException;
import dev.stevedore.dockerfile.CopySource;
import dev.stevedore.dockerfile.Instruction;
import dev.stevedore.oci.Digest;
import dev.stevedore.runtime.ResolvedUser;
import dev.stevedore.runtime.Users;
import dev.stevedore.snapshot.Active;
import dev.stevedore.snapshot.View;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code COPY} and local {@code ADD}: the files selected from the context, a stage or an image,
 * written into a fresh overlay on the stage's layers (or, with {@code --link}, on nothing), the
 * destination resolved inside the image's root. The cache key holds the digest of exactly the
 * files read, so a {@code COPY --from} of unchanged files stays cached when its stage rebuilt.
 */
final class CopyStep {

    private CopyStep() {}

    /** The flags of COPY and ADD that matter here. */
    private record Spec(Instruction in, List<CopySource> sources, String destination, Optional<String> from,
                        Optional<String> chown, Optional<String> chmod, boolean link, List<String> exclude) {}

    static StageState apply(StageContext ctx, StageState state, Instruction in) {
        Spec spec = switch (in) {
            case Instruction.Copy c -> new Spec(c, c.sources(), c.destination(), c.from(), c.chown(), c.chmod(),
                    c.link(), c.exclude());
            case Instruction.Add a -> new Spec(a, a.sources(), a.destination(), Optional.empty(), a.chown(), a.chmod(),
                    a.link(), a.exclude());
            default -> throw new IllegalStateException(in.keyword());
        };
        StepHandle step = ctx.step(StageContext.text(in));
        try {
            return run(ctx, state, spec, step);
        } catch (StevedoreException e) {
            step.failed(e.getMessage());
            throw e;
        } catch (IOException e) {
            step.failed(e.getMessage());
            throw new InternalException(StageContext.text(in) + ": " + e.getMessage(), e);
        }
    }

    private static StageState run(StageContext ctx, StageState state, Spec spec, StepHandle step) throws IOException {
        List<String> sources = new ArrayList<>();
        for (CopySource s : spec.sources()) {
            if (!(s instanceof CopySource.Path(String p))) {
                throw ctx.error(spec.in(), "COPY of here-documents is not supported yet");
            }
            String expanded = ctx.scope.expand(p);
            if (spec.in() instanceof Instruction.Add && expanded.matches("(?i)^(https?://|git@|git://).*")) {
                // SEAM: exec.sources (ADD of URLs and git repositories) plugs in here.
                throw ctx.error(spec.in(), "ADD " + expanded + ": remote sources are not supported yet");
            }
            sources.add(expanded);
        }
        String workdir = state.config().config().workingDir();
        String rawDest = ctx.scope.expand(spec.destination());
        String dest = WorkdirStep.resolve(workdir, rawDest);
        boolean destIsDir = rawDest.endsWith("/") || rawDest.endsWith("/.") || rawDest.equals(".");
        try (Root root = root(ctx, spec)) {
            CopySources files = root.sources(spec.exclude());
            List<CopySources.Match> matches = new ArrayList<>();
            MessageDigest md = Digest.newSha256();
            for (String source : sources) {
                List<CopySources.Match> found = files.select(source);
                if (found.isEmpty()) {
                    throw ctx.error(spec.in(), StageContext.text(spec.in()) + ": \"" + source + "\" not found in "
                            + root.description());
                }
                matches.addAll(found);
            }
            for (CopySources.Match m : matches) {
                files.digest(m, md);
            }
            boolean multiple = matches.size() > 1 || sources.stream().anyMatch(CopySources::hasWildcard);
            if (multiple && !destIsDir && matches.stream().anyMatch(m -> !Files.isDirectory(m.host()))
                    && matches.size() > 1) {
                throw ctx.error(spec.in(), "When using COPY with more than one source file, the destination must be a"
                        + " directory and end with a /");
            }
            String createdBy = "COPY " + String.join(" ", sources) + " " + rawDest + " # buildkit";
            if (spec.in() instanceof Instruction.Add) {
                createdBy = "ADD " + String.join(" ", sources) + " " + rawDest + " # buildkit";
            }
            Digest key = CacheKeys.of(spec.link() ? CacheKeys.root("link") : state.cacheKey(), List.of(
                    spec.in().keyword(), String.join("\0", sources), dest, String.valueOf(destIsDir),
                    spec.chown().orElse(""), spec.chmod().orElse(""), String.join("\0", spec.exclude()),
                    Digest.of(Digest.SHA256, md).toString()));
            Digest stateKey = spec.link() ? CacheKeys.of(state.cacheKey(), List.of(key.toString())) : key;
            Optional<BuildCache.Entry> hit = ctx.noCache ? Optional.empty() : ctx.session.cache.get(key);
            if (hit.isPresent()) {
                step.cached();
                return Steps.withResult(state, hit.get(), createdBy, stateKey);
            }
            BuildCache.Entry entry = write(ctx, state, spec, matches, files, dest, destIsDir || multiple);
            ctx.session.cache.put(key, entry);
            step.done();
            return Steps.withResult(state, entry, createdBy, stateKey);
        }
    }

    private static BuildCache.Entry write(StageContext ctx, StageState state, Spec spec, List<CopySources.Match> matches,
                                          CopySources files, String dest, boolean destIsDir) throws IOException {
        Instant started = Instant.now();
        Layers layers = ctx.session.layers;
        FileCopier.Owner owner = owner(ctx, state, spec);
        OptionalInt chmod = spec.chmod().map(m -> OptionalInt.of(Chmod.parse(m, ctx, spec.in())))
                .orElse(OptionalInt.empty());
        try (Active active = layers.snapshotter().prepare(spec.link() ? List.of() : layers.snapshots(state.layers()))) {
            Path root = active.merged();
            Path target = RootedPaths.resolve(root, dest);
            FileCopier copier = new FileCopier(owner, chmod, files::skipped);
            int dirOwnerUid = Math.max(owner.uid(), 0);
            int dirOwnerGid = Math.max(owner.gid(), 0);
            for (CopySources.Match m : matches) {
                boolean dir = Files.isDirectory(m.host());
                if (dir) {
                    FileCopier.mkdirs(root, target, dirOwnerUid, dirOwnerGid);
                    copier.copyDirectory(m.host(), target);
                } else if (destIsDir || Files.isDirectory(target)) {
                    FileCopier.mkdirs(root, target, dirOwnerUid, dirOwnerGid);
                    copier.copy(m.host(), target.resolve(Path.of(m.path()).getFileName().toString()));
                } else {
                    FileCopier.mkdirs(root, target.getParent(), dirOwnerUid, dirOwnerGid);
                    copier.copy(m.host(), target);
                }
            }
            return new BuildCache.Entry(layers.commit(active), started);
        }
    }

    private static FileCopier.Owner owner(StageContext ctx, StageState state, Spec spec) throws IOException {
        if (spec.chown().isEmpty()) {
            return spec.from().isPresent() ? FileCopier.Owner.KEEP : FileCopier.Owner.ROOT;
        }
        String chown = ctx.scope.expand(spec.chown().get());
        Layers layers = ctx.session.layers;
        try (View view = layers.snapshotter().view(layers.snapshots(state.layers()))) {
            ResolvedUser user = Users.resolve(view.root(), chown);
            return new FileCopier.Owner(user.uid(), user.gid());
        } catch (StevedoreException e) {
            throw ctx.error(spec.in(), StageContext.text(spec.in()) + ": " + e.getMessage());
        }
    }

    /** Where the sources are read from, kept mounted while the step runs. */
    private interface Root extends AutoCloseable {
        CopySources sources(List<String> exclude);

        String description();

        @Override
        void close();
    }

    private static Root root(StageContext ctx, Spec spec) {
        if (spec.from().isEmpty()) {
            return new Root() {
                public CopySources sources(List<String> exclude) {
                    return new CopySources(ctx.session.options.contextDir(), merge(ctx.session.ignore, exclude), false);
                }

                public String description() {
                    return "the build context";
                }

                public void close() {
                }
            };
        }
        String from = spec.from().get();
        Integer stage = ctx.planned.copyFrom().get(from);
        List<LayerRef> layers = stage != null ? ctx.session.stages.get(stage).join().layers()
                : ctx.session.images.get(ctx.session.lexer.expandWord(from, ctx.session.global.env())).layers();
        View view = ctx.session.layers.snapshotter().view(ctx.session.layers.snapshots(layers));
        return new Root() {
            public CopySources sources(List<String> exclude) {
                return new CopySources(view.root(), IgnorePatterns.of(exclude), true);
            }

            public String description() {
                return (stage != null ? "stage " : "image ") + from;
            }

            public void close() {
                view.close();
            }
        };
    }

    private static IgnorePatterns merge(IgnorePatterns ignore, List<String> exclude) {
        if (exclude.isEmpty()) {
            return ignore;
        }
        List<String> all = new ArrayList<>(ignore.patterns().stream()
                .map(p -> (p.exclusion() ? "!" : "") + p.text()).toList());
        all.addAll(exclude);
        return IgnorePatterns.of(all);
    }
}
