/**
 * What an image holds, package by package, found by reading its files only (no network, no
 * external scanner): Debian's dpkg database, Alpine's apk database, Java archives (also nested in
 * fat jars), npm's {@code node_modules} and lock files, the module build info Go links into its
 * binaries, and Python's {@code dist-info} metadata. {@link dev.stevedore.sbom.Catalog} reads an
 * image's layers from the store as a container would see them (whiteouts applied) and hands each
 * file a {@link dev.stevedore.sbom.Scanner} claims to it; the result is a list of
 * {@link dev.stevedore.sbom.SoftwarePackage}s, each with the file it was found in.
 *
 * <p>Everything read is hostile: each scanner bounds what it keeps in memory, and a file it cannot
 * make sense of yields no package rather than an error (an SBOM of a damaged image is still an
 * SBOM).
 */
package dev.stevedore.sbom;
