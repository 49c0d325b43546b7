package dev.stevedore.registry;

import java.net.URI;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One registry request, replayable: the body is a supplier so a retry sends it again.
 *
 * @param what what the user asked for, the start of every error message ({@code pull host/a:1})
 */
record Request(Endpoint endpoint, String method, URI uri, Map<String, String> headers,
               Supplier<BodyPublisher> body, Scope scope, String what) {

    Request {
        headers = Map.copyOf(headers);
    }

    static Request get(Endpoint ep, URI uri, Scope scope, String what, Map<String, String> headers) {
        return new Request(ep, "GET", uri, headers, BodyPublishers::noBody, scope, what);
    }

    static Request head(Endpoint ep, URI uri, Scope scope, String what) {
        return new Request(ep, "HEAD", uri, Map.of(), BodyPublishers::noBody, scope, what);
    }

    Request to(URI other) {
        return new Request(endpoint, method, other, headers, body, scope, what);
    }
}
