package dev.stevedore.registry;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.oci.Digest;
import dev.stevedore.oci.Manifest;
import dev.stevedore.oci.MediaType;
import dev.stevedore.oci.json.OciJson;
import dev.stevedore.oci.json.Parsed;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;

/** {@code GET /v2/<name>/manifests/<reference>}, verified against the digest asked for. */
final class ManifestFetcher {

    /** containerd's limit: a manifest larger than this is an attack, not an image. */
    static final int MAX_MANIFEST = 4 << 20;

    static final String ACCEPT = String.join(", ", MediaType.OCI_INDEX, MediaType.DOCKER_MANIFEST_LIST,
            MediaType.OCI_MANIFEST, MediaType.DOCKER_MANIFEST, MediaType.DOCKER_SCHEMA1_SIGNED_MANIFEST + ";q=0.1");

    private final RegistryHttp http;

    ManifestFetcher(RegistryHttp http) {
        this.http = http;
    }

    /**
     * The manifest or index {@code reference} (a tag or a digest) names. When {@code expected}
     * is given the bytes must hash to it: a digest is never trusted to a tag or a header.
     */
    Parsed<Manifest> fetch(Endpoint ep, String repository, String reference, Optional<Digest> expected, String what) {
        Request request = Request.get(ep, ep.v2(repository + "/manifests/" + reference), Scope.pull(repository), what,
                Map.of("Accept", ACCEPT));
        HttpResponse<InputStream> r;
        byte[] raw;
        for (int attempt = 1; ; attempt++) {
            r = http.send(request);
            if (r.statusCode() != 200) {
                throw RegistryHttp.failure(what, ep, r);
            }
            try (InputStream in = r.body()) {
                raw = in.readNBytes(MAX_MANIFEST + 1);
                break;
            } catch (IOException e) {
                // a body that breaks off or stalls is fetched again, as a blob's is
                if (attempt >= http.retry().attempts()) {
                    throw new dev.stevedore.diag.UnavailableException(what + ": reading the manifest from registry "
                            + ep.authority() + " failed: " + e.getMessage() + " (after " + attempt + " attempts)", e);
                }
                http.pause(http.retry().delay(attempt));
            }
        }
        HttpResponse<InputStream> answer = r;
        if (raw.length > MAX_MANIFEST) {
            throw new InvalidInputException(what + ": the manifest from registry " + ep.authority()
                    + " is larger than " + (MAX_MANIFEST >> 20) + " MiB");
        }
        String contentType = answer.headers().firstValue("Content-Type").orElse("");
        if (MediaType.isSchema1(contentType.split(";")[0].trim())) {
            throw new InvalidInputException(what + ": registry " + ep.authority() + " has only a Docker schema 1"
                    + " manifest (" + contentType + "), which is not supported; push the image again with a"
                    + " current client");
        }
        Optional<Digest> check = expected.or(() -> answer.headers().firstValue("Docker-Content-Digest")
                .filter(Digest::isValid).map(Digest::parse));
        if (check.isPresent() && !check.get().matches(raw)) {
            throw new InvalidInputException(what + ": the manifest from registry " + ep.authority()
                    + " does not match its digest " + check.get() + " (got " + Digest.of(check.get().algorithm(), raw) + ")");
        }
        try {
            return OciJson.readManifest(raw, what.substring(what.indexOf(' ') + 1));
        } catch (InvalidInputException e) {
            throw new InvalidInputException(what + ": " + e.getMessage(), e);
        }
    }
}
