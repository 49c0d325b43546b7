package dev.stevedore.plan;

import dev.stevedore.diag.Diagnostic;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.diag.SourceRange;
import dev.stevedore.dockerfile.Instruction;
import dev.stevedore.dockerfile.Mount;
import dev.stevedore.dockerfile.Stage;
import dev.stevedore.dockerfile.shell.ShellLexer;
import dev.stevedore.oci.ImageReference;
import dev.stevedore.oci.Platform;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Resolves the references of one stage: its FROM and every {@code --from} of its instructions,
 * each value expanded with the global ARGs only (BuildKit expands FROM and {@code COPY --from}
 * with the meta ARGs; we do the same for {@code RUN --mount from=}).
 *
 * <p>A named build context whose name is a stage's name replaces that stage, as in BuildKit: every
 * reference to the stage (FROM, {@code --from} by name or by index) means the context, and the
 * stage itself is not built; only when it is the target does it appear in the plan, as the
 * context with no instructions.
 *
 * <p>Resolution order, BuildKit's: a stage name, then a named build context, then an image. The
 * one difference is on the side of clear errors: a bare, valid image name one edit away from a
 * stage name ({@code buidler} next to {@code builder}) is taken as a misspelling, not as the
 * image {@code docker.io/library/buidler}. Writing a tag or a registry ({@code buidler:latest})
 * means the image.
 */
final class StageResolver {

    /** A stage's FROM and {@code --from}s, resolved, before the graph is known. */
    record Resolution(Stage stage, Base base, Optional<Platform> explicitPlatform, List<Edge> edges,
                      SortedSet<ExternalImage> images, SequencedMap<String, SourceRef> sources) {}

    /** Stage {@code from} needs stage {@code to} because of the instruction at {@code range}. */
    record Edge(int from, int to, SourceRange range) {}

    private final String file;
    private final StageNames names;
    private final GlobalArgs global;
    private final ShellLexer lexer;
    private final Map<String, NamedContext> contexts;
    private final PlanRequest request;

    StageResolver(String file, StageNames names, GlobalArgs global, ShellLexer lexer, PlanRequest request) {
        this.file = file;
        this.names = names;
        this.global = global;
        this.lexer = lexer;
        this.request = request;
        this.contexts = new LinkedHashMap<>();
        for (NamedContext context : request.contexts()) {
            contexts.put(context.key(), context);
        }
    }

    Resolution resolve(Stage stage) {
        Optional<NamedContext> replacement = replacement(stage);
        if (replacement.isPresent()) {
            Stage empty = new Stage(stage.index(), stage.from(), List.of());
            SortedSet<ExternalImage> images = new TreeSet<>();
            contextImage(replacement.get(), request.targetPlatform()).ifPresent(images::add);
            return new Resolution(empty, new Base.FromContext(replacement.get()), Optional.empty(), List.of(),
                    images, new LinkedHashMap<>());
        }
        Instruction.From from = stage.from();
        Optional<Platform> platform = from.platform().map(p -> platform(p, from.range()));
        Base base = base(stage, platform);
        List<Edge> edges = new ArrayList<>();
        SortedSet<ExternalImage> images = new TreeSet<>();
        switch (base) {
            case Base.FromStage s -> edges.add(new Edge(stage.index(), s.index(), from.range()));
            case Base.FromImage i -> images.add(new ExternalImage(i.ref(), platform.orElse(request.targetPlatform())));
            case Base.FromContext c -> contextImage(c.context(), platform.orElse(request.targetPlatform()))
                    .ifPresent(images::add);
            case Base.FromScratch s -> { }
        }
        SequencedMap<String, SourceRef> sources = new LinkedHashMap<>();
        for (Instruction instruction : stage.instructions()) {
            for (String written : fromValues(instruction)) {
                String what = instruction.keyword() + (instruction instanceof Instruction.Run
                        ? " --mount=from=" : " --from=") + written;
                SourceRef ref = sources.get(written);
                if (ref == null) {
                    ref = source(stage, instruction.range(), what, written);
                    sources.put(written, ref);
                }
                switch (ref) {
                    case SourceRef.StageRef s -> edges.add(new Edge(stage.index(), s.index(), instruction.range()));
                    case SourceRef.ImageRef i -> images.add(i.image());
                    case SourceRef.ContextRef c -> contextImage(c.context(), request.targetPlatform()).ifPresent(images::add);
                }
            }
        }
        return new Resolution(stage, base, platform, edges, images, sources);
    }

    /** The {@code --from} values an instruction carries, as written. */
    static List<String> fromValues(Instruction instruction) {
        return switch (instruction) {
            case Instruction.Copy c -> c.from().stream().toList();
            case Instruction.Run r -> r.mounts().stream().flatMap(m -> switch (m) {
                case Mount.Bind b -> b.from().stream();
                case Mount.Cache c -> c.from().stream();
                case Mount.Tmpfs t -> Optional.<String>empty().stream();
                case Mount.Secret s -> Optional.<String>empty().stream();
                case Mount.Ssh s -> Optional.<String>empty().stream();
            }).toList();
            default -> List.of();
        };
    }

    private Base base(Stage stage, Optional<Platform> platform) {
        Instruction.From from = stage.from();
        String what = "FROM " + from.image();
        String value = expand(from.image(), from.range(), what);
        if (value.isEmpty()) {
            throw error(from.range(), what + ": base name (" + from.image() + ") should not be blank");
        }
        Optional<Stage> named = names.before(value, stage.index());
        if (named.isPresent()) {
            return replacement(named.get()).<Base>map(Base.FromContext::new)
                    .orElseGet(() -> new Base.FromStage(named.get().index()));
        }
        NamedContext context = contexts.get(NamedContext.keyOf(value));
        if (context != null) {
            return new Base.FromContext(context);
        }
        Optional<Stage> later = names.after(value, stage.index());
        boolean ownName = stage.name().filter(n -> n.equalsIgnoreCase(value)).isPresent();
        if (later.isPresent() && !ownName) {
            // BuildKit would pull an image of that name; a stage defined later is the likelier intent.
            throw error(from.range(), what + ": stage \"" + later.get().name().orElseThrow()
                    + "\" is used before it is defined (on line " + later.get().from().range().startLine()
                    + "); FROM can only use an earlier stage");
        }
        if (value.equals("scratch")) {
            return new Base.FromScratch();
        }
        return new Base.FromImage(image(from.range(), what, value), platform);
    }

    private SourceRef source(Stage stage, SourceRange range, String what, String written) {
        String value = expand(written, range, what);
        if (value.isEmpty()) {
            throw error(range, what + ": the --from value is empty");
        }
        if (value.chars().allMatch(Character::isDigit)) {
            int index = value.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(value);
            if (index >= stage.index()) {
                throw error(range, "invalid from flag value " + value + ": refers to current or future build stage");
            }
            return stageRef(names.stage(index));
        }
        Optional<Stage> named = names.find(value);
        if (named.isPresent()) {
            return stageRef(named.get());
        }
        NamedContext context = contexts.get(NamedContext.keyOf(value));
        if (context != null) {
            return new SourceRef.ContextRef(context);
        }
        return new SourceRef.ImageRef(new ExternalImage(image(range, what, value), request.targetPlatform()));
    }

    /** A reference to {@code stage}: the context that replaces it, if any. */
    private SourceRef stageRef(Stage stage) {
        return replacement(stage).<SourceRef>map(SourceRef.ContextRef::new)
                .orElseGet(() -> new SourceRef.StageRef(stage.index()));
    }

    /** The named build context of the same name as {@code stage}, which replaces it (BuildKit). */
    private Optional<NamedContext> replacement(Stage stage) {
        return stage.name().map(n -> contexts.get(NamedContext.keyOf(n)));
    }

    /** {@code value} as an image: an error naming the stages when it is a likely typo or no reference. */
    private ImageReference image(SourceRange range, String what, String value) {
        boolean bare = value.indexOf('/') < 0 && value.indexOf(':') < 0 && value.indexOf('@') < 0;
        if (bare && Typos.likelyTypo(value.toLowerCase(java.util.Locale.ROOT), names.names()).isPresent()) {
            throw names.unknown(range, what, value);
        }
        try {
            return ImageReference.parseDockerRef(value);
        } catch (InvalidInputException e) {
            throw names.unknown(range, what, value);
        }
    }

    private Optional<ExternalImage> contextImage(NamedContext context, Platform platform) {
        return switch (context.source()) {
            case NamedContext.Source.DockerImage d -> Optional.of(new ExternalImage(d.ref(), platform));
            case NamedContext.Source.Directory d -> Optional.empty();
        };
    }

    private Platform platform(String written, SourceRange range) {
        String what = "FROM --platform=" + written;
        String value = expand(written, range, what);
        try {
            return Platform.parse(value, request.buildPlatform());
        } catch (InvalidInputException e) {
            throw error(range, what + ": " + e.getMessage());
        }
    }

    private String expand(String word, SourceRange range, String what) {
        try {
            return lexer.expandWord(word, global.env());
        } catch (InvalidInputException e) {
            throw error(range, what + ": " + e.getMessage());
        }
    }

    private InvalidInputException error(SourceRange range, String message) {
        return new InvalidInputException(Diagnostic.error(file, range, message));
    }
}
