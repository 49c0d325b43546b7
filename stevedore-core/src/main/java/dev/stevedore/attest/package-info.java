/**
 * Attestations as BuildKit attaches them: an SBOM (SPDX 2.3 JSON, {@link dev.stevedore.attest.SpdxDocument})
 * and provenance (SLSA v1, or v0.2 on request, {@link dev.stevedore.attest.Provenance}), each an
 * in-toto statement ({@link dev.stevedore.attest.Statement}) whose subject is the image manifest;
 * {@link dev.stevedore.attest.AttestationIndex} makes the image an OCI index holding the image
 * manifest and, on the {@code unknown/unknown} platform, an attestation manifest whose layers are
 * the statements ({@code vnd.docker.reference.type: attestation-manifest},
 * {@code vnd.docker.reference.digest: <image manifest>}), and reads such indexes back.
 *
 * <p>What may appear: provenance is made from {@link dev.stevedore.attest.BuildFacts}, which never
 * holds a secret's value (only, in {@code max} mode, the ids of the secrets a build was given);
 * in {@code min} mode it holds no build-arg value either.
 */
package dev.stevedore.attest;
