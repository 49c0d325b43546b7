package dev.stevedore.attest;

/** How much provenance tells, as BuildKit's {@code mode=}. */
public enum ProvenanceMode {
    /** Builder, build type, Dockerfile digest and path, context, base images, times: no build-arg values. */
    MIN,
    /** {@link #MIN} plus the build args and their values, the Dockerfile, the stage graph and the secret ids. */
    MAX
}
