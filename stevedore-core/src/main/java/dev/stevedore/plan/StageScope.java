package dev.stevedore.plan;

import dev.stevedore.dockerfile.ArgDecl;
import dev.stevedore.dockerfile.Instruction;
import dev.stevedore.dockerfile.KeyValue;
import dev.stevedore.dockerfile.shell.Env;
import dev.stevedore.dockerfile.shell.ShellLexer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.Set;
import java.util.TreeSet;

/**
 * The variables of one stage as its instructions run, in order: the base image's {@code Env},
 * then each {@code ENV} and {@code ARG}. Words of the instructions Docker expands are expanded
 * with {@link #env()}, where ENV (the image's or the stage's) shadows an ARG of the same name.
 *
 * <p>ARG values reach RUN as environment variables but never the image's config; the proxy
 * build args reach RUN without being declared. Not thread-safe: one scope per stage.
 */
public final class StageScope {

    private final GlobalArgs global;
    private final BuildArgs buildArgs;
    private final ShellLexer lexer;
    private final SequencedMap<String, String> env;
    private final SequencedMap<String, String> args = new LinkedHashMap<>();
    private final Set<String> consumed = new TreeSet<>();

    /** A stage's scope that starts from an image (or scratch): no ARG values yet. */
    public StageScope(GlobalArgs global, BuildArgs buildArgs, ShellLexer lexer, Map<String, String> imageEnv) {
        this(global, buildArgs, lexer, imageEnv, Map.of());
    }

    /**
     * @param imageEnv      the base image's {@code Env}, as name → value in its order
     * @param inheritedArgs the ARG values of the stage this one is built {@code FROM} ({@link #args()}
     *                      at its end): BuildKit's dispatch state of {@code FROM base AS child}
     *                      starts from base's, its build args included
     */
    public StageScope(GlobalArgs global, BuildArgs buildArgs, ShellLexer lexer, Map<String, String> imageEnv,
                      Map<String, String> inheritedArgs) {
        this.global = global;
        this.buildArgs = buildArgs;
        this.lexer = lexer;
        this.env = new LinkedHashMap<>(imageEnv);
        this.args.putAll(inheritedArgs);
    }

    /**
     * Declares the names of an ARG instruction, in order: a {@code --build-arg} wins; else a
     * default, expanded with what is visible so far; else the global value of a meta ARG of that
     * name; else the value the name already has (set earlier in this stage or inherited from the
     * stage it is built from) stays, since BuildKit's {@code dispatchArg} then sets nothing.
     */
    public void declare(Instruction.Arg arg) {
        for (ArgDecl decl : arg.args()) {
            String name = decl.name();
            if (buildArgs.has(name)) {
                consumed.add(name);
                set(name, buildArgs.get(name));
            } else if (decl.defaultValue().isPresent()) {
                set(name, Optional.of(lexer.expandWord(decl.defaultValue().get(), env())));
            } else if (global.get(name).isPresent()) {
                set(name, global.get(name));
            }
        }
    }

    private void set(String name, Optional<String> value) {
        args.remove(name);
        value.ifPresent(v -> args.put(name, v));
    }

    /** The ARG values set so far, in order: what a stage built {@code FROM} this one starts with. */
    public SequencedMap<String, String> args() {
        return new LinkedHashMap<>(args);
    }

    /**
     * Sets the pairs of an ENV instruction. Every pair is expanded with the variables as they
     * were before the instruction ({@code ENV a=1 b=$a} sees the old {@code a}), as Docker does.
     *
     * @return the pairs as set, expanded
     */
    public List<Map.Entry<String, String>> setEnv(Instruction.Env instruction) {
        Env before = env();
        List<Map.Entry<String, String>> set = new ArrayList<>();
        for (KeyValue kv : instruction.vars()) {
            String key = lexer.expandWord(kv.key(), before);
            String value = lexer.expandWord(kv.value(), before);
            env.put(key, value);
            set.add(Map.entry(key, value));
        }
        return set;
    }

    /** The variables words are expanded with: declared ARGs, shadowed by ENV. */
    public Env env() {
        SequencedMap<String, String> visible = new LinkedHashMap<>(args);
        visible.putAll(env);
        return Env.of(visible);
    }

    /** {@code word} expanded as one word (quotes removed, no splitting). */
    public String expand(String word) {
        return lexer.expandWord(word, env());
    }

    /** {@code text} expanded and split into words where Docker splits them. */
    public List<String> expandWords(String text) {
        return lexer.expandWords(text, env());
    }

    /** The environment of a RUN: the image's ENV, plus ARGs not shadowed, plus given proxy args. */
    public SequencedMap<String, String> runEnvironment() {
        SequencedMap<String, String> run = new LinkedHashMap<>();
        buildArgs.values().forEach((name, value) -> {
            if (BuildArgs.PROXY_ARGS.contains(name)) {
                run.put(name, value);
            }
        });
        run.putAll(args);
        run.putAll(env);
        return run;
    }

    /** The ENV the image's config carries (ARGs never do). */
    public SequencedMap<String, String> imageEnv() {
        return new LinkedHashMap<>(env);
    }

    /** The build args this stage's ARGs took, for the "build-args were not consumed" warning. */
    public Set<String> consumedBuildArgs() {
        return Set.copyOf(consumed);
    }
}
