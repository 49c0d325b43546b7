package dev.stevedore.plan;

import dev.stevedore.dockerfile.ArgDecl;
import dev.stevedore.dockerfile.Instruction;
import dev.stevedore.dockerfile.shell.Env;
import dev.stevedore.dockerfile.shell.ShellLexer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.Set;

/**
 * The global scope of a build: the ARGs declared before the first FROM (their defaults
 * expanded in order, overridden by {@code --build-arg}) plus the platform ARGs. FROM lines are
 * expanded with it; inside a stage a global ARG is visible only once the stage re-declares it
 * ({@code ARG NAME}), as BuildKit does.
 */
public final class GlobalArgs {

    private final SequencedMap<String, String> values;
    private final Set<String> declared;

    private GlobalArgs(SequencedMap<String, String> values, Set<String> declared) {
        this.values = values;
        this.declared = declared;
    }

    /** The build args the meta ARGs took, for the "build-args were not consumed" warning. */
    public Set<String> consumedBuildArgs() {
        return declared;
    }

    /**
     * Resolves the meta ARGs: a build arg wins over a default; a default is expanded with the
     * global ARGs declared before it; an ARG with neither stays unset.
     */
    public static GlobalArgs resolve(List<Instruction.Arg> metaArgs, BuildArgs buildArgs,
                                     SequencedMap<String, String> platformArgs, ShellLexer lexer) {
        SequencedMap<String, String> values = new LinkedHashMap<>(platformArgs);
        Set<String> declared = new java.util.HashSet<>();
        for (Instruction.Arg arg : metaArgs) {
            for (ArgDecl decl : arg.args()) {
                declared.add(decl.name());
                Optional<String> value = buildArgs.get(decl.name())
                        .or(() -> decl.defaultValue().map(d -> lexer.expandWord(d, Env.of(values))));
                if (value.isPresent()) {
                    values.put(decl.name(), value.get());
                } else {
                    values.remove(decl.name());
                }
            }
        }
        return new GlobalArgs(values, Set.copyOf(declared));
    }

    /** The value a stage's {@code ARG NAME} (without default) inherits, when set globally. */
    public Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** The variables FROM lines are expanded with. */
    public Env env() {
        return Env.of(values);
    }
}
