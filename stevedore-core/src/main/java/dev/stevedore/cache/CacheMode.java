package dev.stevedore.cache;

/** Which steps a cache export holds, as BuildKit's {@code mode}. */
public enum CacheMode {
    /** The steps of the result image only (its stage and the stages it is built {@code FROM}). */
    MIN,
    /** Also the steps of every intermediate stage: the builder stages, where the time goes. */
    MAX
}
