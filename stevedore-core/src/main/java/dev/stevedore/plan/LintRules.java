package dev.stevedore.plan;

import java.util.List;
import java.util.Optional;

/** The build checks Stevedore runs, those of BuildKit that need only the Dockerfile. */
public final class LintRules {

    private LintRules() {}

    private static final String DOCS = "https://docs.docker.com/go/dockerfile/rule/";

    private static LintRule rule(String name, String page, String description, String format) {
        return new LintRule(name, description, DOCS + page + "/", format);
    }

    public static final LintRule STAGE_NAME_CASING = rule("StageNameCasing", "stage-name-casing",
            "Stage names should be lowercase", "Stage name '%s' should be lowercase");
    public static final LintRule FROM_AS_CASING = rule("FromAsCasing", "from-as-casing",
            "The 'as' keyword should match the case of the 'from' keyword", "'%s' and '%s' keywords' casing do not match");
    public static final LintRule NO_EMPTY_CONTINUATION = rule("NoEmptyContinuation", "no-empty-continuation",
            "Empty continuation lines will become errors in a future release", "Empty continuation line");
    public static final LintRule CONSISTENT_INSTRUCTION_CASING = rule("ConsistentInstructionCasing",
            "consistent-instruction-casing",
            "All commands within the Dockerfile should use the same casing (either upper or lower)",
            "Command '%s' should match the case of the command majority (%s)");
    public static final LintRule DUPLICATE_STAGE_NAME = rule("DuplicateStageName", "duplicate-stage-name",
            "Stage names should be unique", "Duplicate stage name \"%s\", stage names should be unique");
    public static final LintRule RESERVED_STAGE_NAME = rule("ReservedStageName", "reserved-stage-name",
            "Reserved words should not be used as stage names",
            "Stage name should not use the same name as reserved stage \"%s\"");
    public static final LintRule JSON_ARGS_RECOMMENDED = rule("JSONArgsRecommended", "json-args-recommended",
            "JSON arguments recommended for ENTRYPOINT/CMD to prevent unintended behavior related to OS signals",
            "JSON arguments recommended for %s to prevent unintended behavior related to OS signals");
    public static final LintRule MAINTAINER_DEPRECATED = rule("MaintainerDeprecated", "maintainer-deprecated",
            "The MAINTAINER instruction is deprecated, use a label instead to define an image author",
            "Maintainer instruction is deprecated in favor of using label");
    public static final LintRule UNDEFINED_ARG_IN_FROM = rule("UndefinedArgInFrom", "undefined-arg-in-from",
            "FROM command must use declared ARGs", "FROM argument '%s' is not declared%s");
    public static final LintRule WORKDIR_RELATIVE_PATH = rule("WorkdirRelativePath", "workdir-relative-path",
            "Relative workdir without an absolute workdir declared within the build can have unexpected results"
                    + " if the base image changes",
            "Relative workdir \"%s\" can have unexpected results if the base image changes");
    public static final LintRule UNDEFINED_VAR = rule("UndefinedVar", "undefined-var",
            "Variables should be defined before their use", "Usage of undefined variable '$%s'%s");
    public static final LintRule MULTIPLE_INSTRUCTIONS_DISALLOWED = rule("MultipleInstructionsDisallowed",
            "multiple-instructions-disallowed",
            "Multiple instructions of the same type should not be used in the same stage",
            "Multiple %s instructions should not be used in the same stage because only the last one will be used");
    public static final LintRule LEGACY_KEY_VALUE_FORMAT = rule("LegacyKeyValueFormat", "legacy-key-value-format",
            "Legacy key/value format with whitespace separator should not be used",
            "\"%s key=value\" should be used instead of legacy \"%s key value\" format");
    public static final LintRule INVALID_DEFAULT_ARG_IN_FROM = rule("InvalidDefaultArgInFrom",
            "invalid-default-arg-in-from",
            "Default value for global ARG results in an empty or invalid base image name",
            "Default value for ARG %s results in empty or invalid base image name");
    public static final LintRule SECRETS_USED_IN_ARG_OR_ENV = rule("SecretsUsedInArgOrEnv",
            "secrets-used-in-arg-or-env", "Sensitive data should not be used in the ARG or ENV commands",
            "Do not use ARG or ENV instructions for sensitive data (%s \"%s\")");
    public static final LintRule FROM_PLATFORM_FLAG_CONST_DISALLOWED = rule("FromPlatformFlagConstDisallowed",
            "from-platform-flag-const-disallowed", "FROM --platform flag should not use a constant value",
            "FROM --platform flag should not use constant value \"%s\"");

    /** Every rule, in BuildKit's order. */
    public static final List<LintRule> ALL = List.of(STAGE_NAME_CASING, FROM_AS_CASING, NO_EMPTY_CONTINUATION,
            CONSISTENT_INSTRUCTION_CASING, DUPLICATE_STAGE_NAME, RESERVED_STAGE_NAME, JSON_ARGS_RECOMMENDED,
            MAINTAINER_DEPRECATED, UNDEFINED_ARG_IN_FROM, WORKDIR_RELATIVE_PATH, UNDEFINED_VAR,
            MULTIPLE_INSTRUCTIONS_DISALLOWED, LEGACY_KEY_VALUE_FORMAT, INVALID_DEFAULT_ARG_IN_FROM,
            SECRETS_USED_IN_ARG_OR_ENV, FROM_PLATFORM_FLAG_CONST_DISALLOWED);

    /** The rule named {@code name}, any case. */
    public static Optional<LintRule> byName(String name) {
        return ALL.stream().filter(r -> r.name().equalsIgnoreCase(name)).findFirst();
    }
}
