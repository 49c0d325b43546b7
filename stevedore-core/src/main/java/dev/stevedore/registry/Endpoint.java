package dev.stevedore.registry;

import dev.stevedore.diag.InvalidInputException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Where requests for one registry go: the base URI ({@code https://host:port}, perhaps a
 * mirror's with a path) and whether plain http may be used instead.
 *
 * @param registry   the registry as a reference names it ({@code docker.io}, {@code 127.0.0.1:5000})
 * @param authority  the host[:port] contacted, the key for credentials and tokens
 * @param base       the URI {@code /v2/} is resolved against
 * @param mirror     whether this is a mirror of Docker Hub (failures fall back to the origin)
 * @param httpAllowed whether plain http (and unverified https) is allowed, as for Docker's
 *                    insecure registries and loopback hosts
 */
record Endpoint(String registry, String authority, URI base, boolean mirror, boolean httpAllowed) {

    static final String DOCKER_HUB_HOST = "registry-1.docker.io";

    /** The endpoints to try for {@code registry}, mirrors first when {@code pull} says they apply. */
    static List<Endpoint> of(String registry, RegistryOptions options, boolean pull) {
        List<Endpoint> out = new ArrayList<>();
        boolean hub = registry.equals("docker.io");
        if (hub && pull) {
            for (URI mirror : options.mirrors()) {
                out.add(mirror(registry, mirror, options.insecure()));
            }
        }
        String authority = hub ? DOCKER_HUB_HOST : registry;
        boolean http = isInsecure(authority, options.insecure());
        out.add(new Endpoint(registry, authority, URI.create("https://" + authority + "/"), false, http));
        return out;
    }

    private static Endpoint mirror(String registry, URI uri, Set<String> insecure) {
        if (uri.getScheme() == null || uri.getHost() == null
                || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
            throw new InvalidInputException("registry mirror \"" + uri + "\" is not an http(s) URL");
        }
        String authority = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
        String path = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
        URI base = URI.create(uri.getScheme() + "://" + authority + (path.endsWith("/") ? path : path + "/"));
        // A mirror written with http:// is meant to be reached so, as Docker's.
        return new Endpoint(registry, authority, base, true,
                uri.getScheme().equals("http") || isInsecure(authority, insecure));
    }

    /** Docker's rule: listed insecure, or a loopback address (localhost, 127.0.0.0/8, ::1). */
    static boolean isInsecure(String authority, Set<String> insecure) {
        if (insecure.contains(authority)) {
            return true;
        }
        String host = hostOf(authority);
        if (insecure.contains(host)) {
            return true;
        }
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (host.matches("[0-9.]+|\\[[0-9a-fA-F:]+\\]")) {
            try {
                return InetAddress.getByName(host).isLoopbackAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return false;
    }

    static String hostOf(String authority) {
        if (authority.startsWith("[")) {
            int end = authority.indexOf(']');
            return authority.substring(0, end + 1);
        }
        int colon = authority.lastIndexOf(':');
        return (colon < 0 ? authority : authority.substring(0, colon)).toLowerCase(Locale.ROOT);
    }

    /** The same endpoint over plain http. */
    Endpoint plainHttp() {
        return new Endpoint(registry, authority, URI.create("http" + base.toString().substring(base.getScheme().length())),
                mirror, httpAllowed);
    }

    /** {@code /v2/<path>} resolved against the base; {@code path} must not start with a slash. */
    URI v2(String path) {
        return base.resolve("v2/" + path);
    }
}
