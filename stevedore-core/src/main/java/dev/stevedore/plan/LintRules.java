package dev.stevedore.plan;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The build checks Stevedore runs: BuildKit's (their names, descriptions, messages and URLs), and
 * checks of what multi-stage builds are for, which BuildKit does not have (their URLs are their
 * pages in this repository). Every rule has a page {@code docs/rules/NAME.md}.
 */
public final class LintRules {

    private LintRules() {}

    private static final String DOCKER_DOCS = "https://docs.docker.com/go/dockerfile/rule/";
    private static final String OUR_DOCS = "docs/rules/";

    private static LintRule buildkit(String name, String page, String description, String format) {
        return new LintRule(name, description, OUR_DOCS + name + ".md", DOCKER_DOCS + page + "/", format, false);
    }

    private static LintRule ours(String name, String description, String format) {
        return new LintRule(name, description, OUR_DOCS + name + ".md", OUR_DOCS + name + ".md", format, false);
    }

    public static final LintRule STAGE_NAME_CASING = buildkit("StageNameCasing", "stage-name-casing",
            "Stage names should be lowercase", "Stage name '%s' should be lowercase");
    public static final LintRule FROM_AS_CASING = buildkit("FromAsCasing", "from-as-casing",
            "The 'as' keyword should match the case of the 'from' keyword", "'%s' and '%s' keywords' casing do not match");
    public static final LintRule NO_EMPTY_CONTINUATION = buildkit("NoEmptyContinuation", "no-empty-continuation",
            "Empty continuation lines will become errors in a future release", "Empty continuation line");
    public static final LintRule CONSISTENT_INSTRUCTION_CASING = buildkit("ConsistentInstructionCasing",
            "consistent-instruction-casing",
            "All commands within the Dockerfile should use the same casing (either upper or lower)",
            "Command '%s' should match the case of the command majority (%s)");
    public static final LintRule DUPLICATE_STAGE_NAME = buildkit("DuplicateStageName", "duplicate-stage-name",
            "Stage names should be unique", "Duplicate stage name \"%s\", stage names should be unique");
    public static final LintRule RESERVED_STAGE_NAME = buildkit("ReservedStageName", "reserved-stage-name",
            "Reserved words should not be used as stage names",
            "Stage name should not use the same name as reserved stage \"%s\"");
    public static final LintRule JSON_ARGS_RECOMMENDED = buildkit("JSONArgsRecommended", "json-args-recommended",
            "JSON arguments recommended for ENTRYPOINT/CMD to prevent unintended behavior related to OS signals",
            "JSON arguments recommended for %s to prevent unintended behavior related to OS signals");
    public static final LintRule MAINTAINER_DEPRECATED = buildkit("MaintainerDeprecated", "maintainer-deprecated",
            "The MAINTAINER instruction is deprecated, use a label instead to define an image author",
            "Maintainer instruction is deprecated in favor of using label");
    public static final LintRule UNDEFINED_ARG_IN_FROM = buildkit("UndefinedArgInFrom", "undefined-arg-in-from",
            "FROM command must use declared ARGs", "FROM argument '%s' is not declared%s");
    public static final LintRule WORKDIR_RELATIVE_PATH = buildkit("WorkdirRelativePath", "workdir-relative-path",
            "Relative workdir without an absolute workdir declared within the build can have unexpected results"
                    + " if the base image changes",
            "Relative workdir \"%s\" can have unexpected results if the base image changes");
    public static final LintRule UNDEFINED_VAR = buildkit("UndefinedVar", "undefined-var",
            "Variables should be defined before their use", "Usage of undefined variable '$%s'%s");
    public static final LintRule MULTIPLE_INSTRUCTIONS_DISALLOWED = buildkit("MultipleInstructionsDisallowed",
            "multiple-instructions-disallowed",
            "Multiple instructions of the same type should not be used in the same stage",
            "Multiple %s instructions should not be used in the same stage because only the last one will be used");
    public static final LintRule LEGACY_KEY_VALUE_FORMAT = buildkit("LegacyKeyValueFormat", "legacy-key-value-format",
            "Legacy key/value format with whitespace separator should not be used",
            "\"%s key=value\" should be used instead of legacy \"%s key value\" format");
    public static final LintRule REDUNDANT_TARGET_PLATFORM = buildkit("RedundantTargetPlatform",
            "redundant-target-platform",
            "Setting platform to predefined $TARGETPLATFORM in FROM is redundant as this is the default behavior",
            "Setting platform to predefined %s in FROM is redundant as this is the default behavior");
    public static final LintRule SECRETS_USED_IN_ARG_OR_ENV = buildkit("SecretsUsedInArgOrEnv",
            "secrets-used-in-arg-or-env", "Sensitive data should not be used in the ARG or ENV commands",
            "Do not use ARG or ENV instructions for sensitive data (%s \"%s\")");
    public static final LintRule INVALID_DEFAULT_ARG_IN_FROM = buildkit("InvalidDefaultArgInFrom",
            "invalid-default-arg-in-from",
            "Default value for global ARG results in an empty or invalid base image name",
            "Default value for ARG %s results in empty or invalid base image name");
    public static final LintRule FROM_PLATFORM_FLAG_CONST_DISALLOWED = buildkit("FromPlatformFlagConstDisallowed",
            "from-platform-flag-const-disallowed", "FROM --platform flag should not use a constant value",
            "FROM --platform flag should not use constant value \"%s\"");
    public static final LintRule INVALID_BASE_IMAGE_PLATFORM = buildkit("InvalidBaseImagePlatform",
            "invalid-base-image-platform", "Base image platform does not match expected target platform",
            "Base image %s was pulled with platform \"%s\", expected \"%s\" for current build");
    /** Experimental in BuildKit: runs only with {@code # check=experimental=CopyIgnoredFile} (or {@code all}). */
    public static final LintRule COPY_IGNORED_FILE = new LintRule("CopyIgnoredFile",
            "Attempting to Copy file that is excluded by .dockerignore", OUR_DOCS + "CopyIgnoredFile.md",
            DOCKER_DOCS + "copy-ignored-file/", "Attempting to %s file \"%s\" that is excluded by .dockerignore", true);
    public static final LintRule EXPOSE_PROTO_CASING = buildkit("ExposeProtoCasing", "expose-proto-casing",
            "Protocol in EXPOSE instruction should be lowercase",
            "Defined protocol '%s' in EXPOSE instruction should be lowercase");
    public static final LintRule EXPOSE_INVALID_FORMAT = buildkit("ExposeInvalidFormat", "expose-invalid-format",
            "IP address and host-port mapping should not be used in EXPOSE instruction."
                    + " This will become an error in a future release",
            "EXPOSE instruction should not define an IP address or host-port mapping, found '%s'");

    public static final LintRule TOOLCHAIN_FINAL_STAGE = ours("ToolchainFinalStage",
            "The final stage should not be based on a build toolchain image",
            "The final stage is based on toolchain image '%s'%s: build in an earlier stage and copy only"
                    + " the result into a runtime image");
    public static final LintRule UNUSED_STAGE = ours("UnusedStage",
            "Every stage should be the target or used by another stage",
            "Stage '%s' is never used: it is not the target and no FROM, COPY --from or RUN --mount from="
                    + " refers to it");
    public static final LintRule COPY_FROM_STAGE_INDEX = ours("CopyFromStageIndex",
            "COPY --from should name a stage rather than give its index",
            "COPY --from=%s refers to a stage by its index: %s");
    public static final LintRule CHOWN_CHMOD_DUPLICATES_FILES = ours("ChownChmodDuplicatesFiles",
            "RUN chown -R or chmod -R over files an earlier layer added copies them into a new layer",
            "RUN %s -R over '%s', which %s on line %d added, copies those files into a new layer: use"
                    + " %s --%s instead");

    /** BuildKit's checks, in BuildKit's order. */
    public static final List<LintRule> BUILDKIT = List.of(STAGE_NAME_CASING, FROM_AS_CASING, NO_EMPTY_CONTINUATION,
            CONSISTENT_INSTRUCTION_CASING, DUPLICATE_STAGE_NAME, RESERVED_STAGE_NAME, JSON_ARGS_RECOMMENDED,
            MAINTAINER_DEPRECATED, UNDEFINED_ARG_IN_FROM, WORKDIR_RELATIVE_PATH, UNDEFINED_VAR,
            MULTIPLE_INSTRUCTIONS_DISALLOWED, LEGACY_KEY_VALUE_FORMAT, REDUNDANT_TARGET_PLATFORM,
            SECRETS_USED_IN_ARG_OR_ENV, INVALID_DEFAULT_ARG_IN_FROM, FROM_PLATFORM_FLAG_CONST_DISALLOWED,
            COPY_IGNORED_FILE, INVALID_BASE_IMAGE_PLATFORM, EXPOSE_PROTO_CASING, EXPOSE_INVALID_FORMAT);

    /** Stevedore's checks of multi-stage builds. */
    public static final List<LintRule> MULTI_STAGE = List.of(TOOLCHAIN_FINAL_STAGE, UNUSED_STAGE,
            COPY_FROM_STAGE_INDEX, CHOWN_CHMOD_DUPLICATES_FILES);

    /** Every rule: BuildKit's, then ours. */
    public static final List<LintRule> ALL = Stream.concat(BUILDKIT.stream(), MULTI_STAGE.stream()).toList();

    /** The rule named {@code name}, any case. */
    public static Optional<LintRule> byName(String name) {
        return ALL.stream().filter(r -> r.name().equalsIgnoreCase(name)).findFirst();
    }
}
