package dev.stevedore.registry;

import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.diag.UnauthorizedException;
import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.ImageReference;
import dev.stevedore.oci.Platform;
import dev.stevedore.oci.PlatformMatcher;
import dev.stevedore.store.Store;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry HTTP API v2 client: pulls images into a {@link Store} and pushes them from it.
 * One instance per command or build; it caches tokens and which hosts speak plain http. Thread-safe.
 *
 * <p>Every error is a {@link dev.stevedore.diag.StevedoreException} whose message starts with
 * what was asked and names the registry's answer in the spec's words:
 * {@code pull docker.io/library/nosuch:1: repository not found or access denied (UNAUTHORIZED)}.
 * No message ever holds a credential.
 */
public final class RegistryClient implements AutoCloseable {

    private final RegistryOptions options;
    private final HttpClient client;
    private final RegistryHttp http;

    public RegistryClient(RegistryOptions options) {
        this(options, Thread::sleep);
    }

    RegistryClient(RegistryOptions options, RegistryHttp.Sleeper sleeper) {
        this.options = options;
        this.client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)  // RegistryHttp follows them, without our credentials
                .connectTimeout(Duration.ofSeconds(30))
                .build();
        this.http = new RegistryHttp(client, new Authenticator(client, options.credentials(), options.requestTimeout()),
                options.retry(), options.requestTimeout(), options.idleTimeout(), options.minimumRate(),
                sleeper);
    }

    /**
     * Pulls {@code reference} for {@code platform} into {@code store} and tags it there under the
     * full reference; see {@link PullResult}. By digest, the digest is verified; by tag, the
     * digest the tag resolved to is recorded in the {@link PullResult#REPO_DIGEST} annotation.
     */
    public PullResult pull(ImageReference reference, Platform platform, Store store) {
        return new Puller(http, options).pull(reference, PlatformMatcher.only(platform), false, store);
    }

    /**
     * Pulls {@code reference} with every platform of its index and their attestations
     * ({@code docker pull --all-platforms}): the store holds the whole index, which a push then sends
     * as it is. The result names {@code platform}'s image (the index's first when it has none).
     */
    public PullResult pullAllPlatforms(ImageReference reference, Platform platform, Store store) {
        return new Puller(http, options).pull(reference, PlatformMatcher.only(platform), true, store);
    }

    /**
     * Pushes the image tagged {@code localName} in {@code store} to {@code destination}. Blobs may
     * be mounted from the local image's own repository when it is on the same registry.
     *
     * @throws dev.stevedore.diag.NotFoundException when nothing is tagged {@code localName}
     */
    public PushResult push(Store store, String localName, ImageReference destination) {
        return push(store, localName, store.tags().resolve(localName), destination);
    }

    /**
     * Pushes {@code top}, a form of the image tagged {@code localName} (its layers compressed for
     * the registry), to {@code destination}; blobs may be mounted from the local name's repository.
     */
    public PushResult push(Store store, String localName, Descriptor top, ImageReference destination) {
        List<String> mountFrom = new ArrayList<>();
        try {
            ImageReference source = ImageReference.parse(localName);
            if (source.domain().equals(destination.domain())) {
                mountFrom.add(source.path());
            }
        } catch (InvalidInputException e) {
            // A local name that is no reference has no repository to mount from.
        }
        PushResult pushed = new Pusher(http, options).push(store, top, mountFrom, destination);
        RepoDigests.recordPush(store, localName, top, pushed);
        return pushed;
    }

    /**
     * Pushes the image (or index) {@code top} of {@code store}, which may have no name (an image
     * named by its id), to {@code destination}.
     */
    public PushResult push(Store store, Descriptor top, ImageReference destination) {
        return new Pusher(http, options).push(store, top, List.of(), destination);
    }

    /**
     * Pushes the manifest {@code top} of {@code store} to {@code destination}, where a blob the
     * store lacks must be mountable from one of {@code mountFrom} (repositories of the
     * destination's registry): how a build cache pushes layers it imported lazily and never
     * fetched.
     */
    public PushResult push(Store store, Descriptor top, ImageReference destination, List<String> mountFrom) {
        return new Pusher(http, options).push(store, top, mountFrom, destination);
    }

    /**
     * The manifest or index {@code reference} names, read and verified (against its digest when
     * the reference has one), nothing stored.
     */
    public dev.stevedore.oci.json.Parsed<dev.stevedore.oci.Manifest> manifest(ImageReference reference) {
        ImageReference ref = reference.digest().isPresent() ? reference : reference.withDefaultTag();
        Endpoint ep = Endpoint.of(ref.domain(), options, false).getLast();
        return new ManifestFetcher(http).fetch(ep, ref.path(), ref.tagOrDigest(), ref.digest(), "read " + ref);
    }

    /** Fetches {@code blob} of {@code repository}'s into {@code store} under {@code lease}, verified as it lands. */
    public void fetchBlob(ImageReference repository, Descriptor blob, Store store, dev.stevedore.store.Lease lease) {
        Endpoint ep = Endpoint.of(repository.domain(), options, false).getLast();
        new BlobFetcher(http, options.listener()).fetch(ep, repository.path(), blob, store.blobs(), lease,
                "fetch " + repository.name());
    }

    /**
     * Checks that {@code credentials} are accepted by {@code registry} ({@code GET /v2/} through
     * the challenge flow), as {@code docker login} does before it stores them.
     *
     * @throws UnauthorizedException when the registry refuses them
     */
    public static void checkLogin(String registry, Credentials credentials, RegistryOptions options) {
        RegistryOptions with = options.withCredentials(r -> Optional.of(credentials));
        try (RegistryClient c = new RegistryClient(with)) {
            Endpoint ep = Endpoint.of(registry, with, false).getLast();
            String what = "login " + registry;
            HttpResponse<InputStream> r = c.http.send(Request.get(ep, ep.v2(""), Scope.NONE, what, Map.of()));
            RegistryHttp.discard(r);
            if (r.statusCode() == 401 || r.statusCode() == 403) {
                throw new UnauthorizedException(what + ": the registry refused the credentials of user \""
                        + credentials.username() + "\" (UNAUTHORIZED)");
            }
            if (r.statusCode() != 200) {
                throw RegistryHttp.failure(what, ep, r);
            }
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
