/**
 * Manifests, indexes and configs as JSON: {@link dev.stevedore.oci.json.OciJson} reads them
 * into {@link dev.stevedore.oci.json.Parsed} values that keep their exact bytes and digest, and
 * writes them deterministically, byte-compatible with Go's {@code encoding/json} as Docker and
 * BuildKit use it.
 */
package dev.stevedore.oci.json;
