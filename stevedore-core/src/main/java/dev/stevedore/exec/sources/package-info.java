/**
 * The sources of {@code ADD} that are not plain build-context files, for the engine's COPY/ADD
 * step: {@link dev.stevedore.exec.sources.SourceKind#of} tells a git repository, a URL and a
 * context path apart as BuildKit does; {@link dev.stevedore.exec.sources.Downloads} fetches URLs
 * ({@code --checksum}, {@code Last-Modified}); {@link dev.stevedore.exec.sources.Git} checks out
 * commits ({@code #ref:subdir}, {@code --keep-git-dir}); {@link dev.stevedore.exec.sources.Archives}
 * recognizes and safely unpacks local tar archives (none, gzip, bzip2, xz, zstd);
 * {@link dev.stevedore.exec.sources.SourceKeys} says what identifies each for the build cache.
 *
 * <p>Every error a user's input causes is a {@code StevedoreException} whose message names the
 * source: {@code ADD https://x/a.tgz: ...} for URLs and git references, {@code unpacking "a.tgz": ...}
 * for archives (the engine adds the instruction's location). Failures of the local disk are
 * {@code IOException}s.
 */
package dev.stevedore.exec.sources;
