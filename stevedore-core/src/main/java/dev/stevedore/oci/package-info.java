/**
 * The OCI and Docker image model, as immutable records: {@link dev.stevedore.oci.Digest},
 * {@link dev.stevedore.oci.Descriptor}, {@link dev.stevedore.oci.MediaType},
 * {@link dev.stevedore.oci.Platform} (containerd's parsing and normalization) and
 * {@link dev.stevedore.oci.PlatformMatcher} (Docker's choice of an index entry),
 * {@link dev.stevedore.oci.ImageReference} (Docker's reference grammar and normalization),
 * the sealed {@link dev.stevedore.oci.Manifest} over {@link dev.stevedore.oci.ImageManifest}
 * and {@link dev.stevedore.oci.ImageIndex}, and {@link dev.stevedore.oci.ImageConfig} with its
 * {@link dev.stevedore.oci.ContainerConfig}, {@link dev.stevedore.oci.History} and
 * {@link dev.stevedore.oci.RootFs}.
 *
 * <p>The wire format lives apart, in {@code dev.stevedore.oci.json}. Every error a user's
 * input can cause is an {@code InvalidInputException} naming the offending text.
 */
package dev.stevedore.oci;
