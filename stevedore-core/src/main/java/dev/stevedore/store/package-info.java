/**
 * The local store: one root directory ({@link dev.stevedore.store.StoreRoot}) that holds
 * images as an OCI image layout any OCI tool reads as it is, build cache records, leases,
 * and the locks that let several stevedore processes share it.
 *
 * <pre>
 * ROOT/
 *   oci/oci-layout         {"imageLayoutVersion":"1.0.0"}
 *   oci/index.json         tagged images: descriptors annotated org.opencontainers.image.ref.name
 *   oci/blobs/sha256/HEX   content-addressed blobs (manifests, indexes, configs, layers)
 *   snapshots/             extracted layers (the snapshot package)
 *   cache/sha256/HEX.json  build cache record for a cache key; HEX.refs: the blobs it needs
 *   leases/ID.json         blobs a running build protects from prune (pid + start time)
 *   tmp/                   staging, named KIND-PID-UUID; everything lands by atomic rename
 *   store.lock             serializes index.json, cache, lease and prune updates (threads + processes)
 *   ingest.lock            blob commits shared, prune exclusive
 * </pre>
 *
 * <p>Images are named by their full normalized reference. Other tools address them as
 * {@code skopeo inspect oci:ROOT/oci:docker.io/library/alpine:latest} and
 * {@code umoci unpack --image ROOT/oci:docker.io/library/alpine:latest BUNDLE}. Those tools do
 * not take our locks: run them while no stevedore process writes the same store.
 *
 * <p>Entry point: {@link dev.stevedore.store.Store#open(java.nio.file.Path)}.
 */
package dev.stevedore.store;
