package dev.stevedore.registry;

import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.ImageReference;

/**
 * What a push did.
 *
 * @param reference  where it went
 * @param pushed     the manifest or index pushed last, by tag; its digest is the one the
 *                   registry reported, equal to the one in our store
 * @param blobsSent  blobs uploaded
 * @param blobsSkipped blobs already in the registry, or mounted from another repository
 */
public record PushResult(ImageReference reference, Descriptor pushed, int blobsSent, int blobsSkipped) { }
