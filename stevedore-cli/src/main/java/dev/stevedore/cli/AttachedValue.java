package dev.stevedore.cli;

import java.util.Map;
import java.util.Stack;
import picocli.CommandLine.IParameterPreprocessor;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * An option whose value may only be attached ({@code --sbom=false}), as buildx's optional-value
 * flags: {@code --sbom .} is {@code --sbom} and the context {@code .}, not {@code --sbom=.}.
 */
final class AttachedValue implements IParameterPreprocessor {

    @Override
    public boolean preprocess(Stack<String> args, CommandSpec command, ArgSpec option, Map<String, Object> info) {
        if (" ".equals(info.get("separator"))) {
            args.push("true");
        }
        return false;
    }
}
