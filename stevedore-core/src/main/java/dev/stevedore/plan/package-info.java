/**
 * The stage graph of a multi-stage build, before anything runs: ARG/ENV scoping
 * ({@link dev.stevedore.plan.GlobalArgs}, {@link dev.stevedore.plan.StageScope}), the
 * {@link dev.stevedore.plan.Planner} that resolves FROM, {@code COPY --from} and
 * {@code RUN --mount from=} into an immutable {@link dev.stevedore.plan.BuildPlan} pruned to the
 * target, the base image's {@link dev.stevedore.plan.OnbuildTriggers}, and the build checks
 * ({@link dev.stevedore.plan.Linter} over the rules of {@link dev.stevedore.plan.LintRules}).
 */
package dev.stevedore.plan;
