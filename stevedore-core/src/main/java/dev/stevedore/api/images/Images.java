package dev.stevedore.api.images;

import dev.stevedore.api.BuildResult;
import dev.stevedore.attest.AttestationIndex;
import dev.stevedore.attest.SpdxDocument;
import dev.stevedore.diag.ConflictException;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.Digest;
import dev.stevedore.oci.History;
import dev.stevedore.oci.ImageConfig;
import dev.stevedore.oci.ImageReference;
import dev.stevedore.oci.Platform;
import dev.stevedore.oci.json.OciJson;
import dev.stevedore.oci.ImageIndex;
import dev.stevedore.diag.NotFoundException;
import dev.stevedore.output.StoredIndex;
import dev.stevedore.oci.PlatformMatcher;
import dev.stevedore.oci.LayerCompression;
import dev.stevedore.output.ArchiveImage;
import dev.stevedore.output.ExportedForm;
import dev.stevedore.output.DockerArchiveExporter;
import dev.stevedore.output.Exporters;
import dev.stevedore.output.OciArchiveExporter;
import dev.stevedore.output.StoredImage;
import dev.stevedore.registry.PullResult;
import dev.stevedore.api.Distribution;
import dev.stevedore.api.PushedImage;
import dev.stevedore.api.edge.EngineValues;
import dev.stevedore.registry.RegistryClient;
import dev.stevedore.registry.RegistryOptions;
import dev.stevedore.registry.RepoDigests;
import dev.stevedore.report.BuildReport;
import dev.stevedore.report.ImageReport;
import dev.stevedore.report.Reporter;
import dev.stevedore.sbom.Catalog;
import dev.stevedore.sbom.SoftwarePackage;
import dev.stevedore.snapshot.Snapshotter;
import dev.stevedore.store.DiskUsage;
import dev.stevedore.store.FsckReport;
import dev.stevedore.store.Lease;
import dev.stevedore.store.PruneResult;
import dev.stevedore.store.Store;
import dev.stevedore.store.StoreRoot;
import dev.stevedore.store.Tag;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The library door for image management: import, list, inspect, history, tag, remove, save,
 * load, prune, fsck and du over one store. The CLI turns flags into these calls and renders
 * what they return; nothing here prints.
 *
 * <p>Images are named as on the Docker command line: a reference ({@code busybox},
 * {@code localhost:5000/app:1}), an image id ({@code sha256:…} or its hex) or a unique prefix of
 * one. An unknown image is a {@link dev.stevedore.diag.NotFoundException} "No such image: x";
 * a malformed name an {@link InvalidInputException} "invalid reference format: …".
 */
public final class Images {

    private final Store store;
    private final Clock clock;
    private final ImageResolver resolver;

    /**
     * Images of {@code store}; {@code clock} dates what they show (an image's age).
     *
     * @param store the store
     * @param clock what dates an image's age
     */
    public Images(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.resolver = new ImageResolver(store);
    }

    /**
     * The images of the store at {@code root} ({@code --root}; empty: the default store), dated by the system clock.
     *
     * @param root the store's root; empty: the default store
     * @return its images
     */
    public static Images open(Optional<String> root) {
        return new Images(Store.open(StoreRoot.resolve(root)), Clock.systemUTC());
    }

    /**
     * Pulls {@code reference} with every platform of its index (and their attestations) into the
     * store, and tags it: {@code pull --all-platforms}. The result names the host's image.
     *
     * @param reference what to pull
     * @param registry  how to reach registries (mirrors, logins)
     * @return what was pulled, by digest; the host's image of the index
     */
    public PullResult pullAllPlatforms(ImageReference reference, RegistryOptions registry) {
        try (RegistryClient client = new RegistryClient(registry)) {
            return client.pullAllPlatforms(reference, Platform.host(), store);
        }
    }

    /**
     * Pulls {@code reference} for {@code platform} from its registry into the store, and tags it.
     *
     * @param reference what to pull
     * @param platform  the platform's image of a multi-platform one
     * @param registry  how to reach registries (mirrors, logins)
     * @return what was pulled, by digest
     */
    public PullResult pull(ImageReference reference, Platform platform, RegistryOptions registry) {
        try (RegistryClient client = new RegistryClient(registry)) {
            return client.pull(reference, platform, store);
        }
    }

    /**
     * Pushes the image {@code name} of the store (a tag, or an image id or id prefix) to
     * {@code destination}; without one, to the registry its tag names (an id names none).
     *
     * @param name        a tag, or an image id or id prefix
     * @param destination where it goes; empty: where its tag names
     * @param registry    how to reach the registry (logins, insecure hosts)
     * @return what the registry now holds
     */
    public PushedImage push(String name, Optional<ImageReference> destination, RegistryOptions registry) {
        Optional<ImageReference> tag = storeTag(name);
        if (tag.isEmpty() && destination.isEmpty()) {
            resolver.resolve(name); // an id, an id prefix, or a name the store does not have: resolve says which
            throw new InvalidInputException("push " + name + ": an image id names no registry; say where it goes:"
                    + " stevedore push " + name + " REGISTRY/NAME:TAG");
        }
        ImageReference dest = destination.orElseGet(tag::get);
        try (RegistryClient client = new RegistryClient(registry); Lease lease = store.lease()) {
            Descriptor stored = tag.isPresent() ? store.tags().resolve(tag.get().toString())
                    : resolver.resolve(name).image().manifestDescriptor();
            Descriptor sent = ExportedForm.of(store, lease, stored, LayerCompression.GZIP);
            return EngineValues.pushed(tag.isPresent() ? client.push(store, tag.get().toString(), sent, dest)
                    : client.push(store, sent, dest));
        }
    }

    /**
     * Pushes the image {@code name} of the store as {@link #push(String, Optional, RegistryOptions)},
     * with the registry settings and logins of {@code distribution} (mirrors do not apply to a push).
     *
     * @param name         a tag, or an image id or id prefix
     * @param destination  where it goes; empty: where its tag names
     * @param distribution the insecure registries, Docker's config and the program's own logins
     * @return what the registry now holds
     */
    public PushedImage push(String name, Optional<ImageReference> destination, Distribution distribution) {
        return push(name, destination, EngineValues.registryOptions(distribution, System.getenv()));
    }

    /** The store's tag {@code text} names, unless it is an id or a name the store has no tag for. */
    private Optional<ImageReference> storeTag(String text) {
        try {
            ImageReference ref = ImageReference.parseDockerRef(text);
            return store.tags().find(ref.toString()).map(t -> ref);
        } catch (InvalidInputException e) {
            return Optional.empty();
        }
    }

    /**
     * The store these images are in.
     *
     * @return the store
     */
    public Store store() {
        return store;
    }

    /**
     * {@code docker import}: a root file system becomes a one-layer image, tagged when named.
     *
     * @param request the root file system and what to make of it
     * @return the image made
     */
    public ImportResult importImage(ImportRequest request) {
        try {
            return new Importer(store, clock).run(request);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every image, one row per tag (an untagged one as {@code <none>}), newest first, as
     * {@code docker images} lists them, with Docker's size (the layers' files, unpacked); entries
     * whose images cannot be read are left out (see {@link #broken}).
     *
     * @return the rows
     */
    public List<ImageSummary> list() {
        List<ImageSummary> rows = new ArrayList<>();
        for (LocalImage local : resolver.all()) {
            StoredImage image = local.image();
            ImageConfig config = image.config().value();
            long size = unpackedSize(image);
            if (local.tags().isEmpty()) {
                rows.add(new ImageSummary("<none>", "<none>", local.id(), local.top().digest(),
                        config.created(), size, compressedSize(image), local.platforms()));
            }
            for (ImageReference tag : local.tags()) {
                rows.add(new ImageSummary(tag.familiarName(), tag.tag().orElse("<none>"), local.id(),
                        local.top().digest(), config.created(), size, compressedSize(image), local.platforms()));
            }
        }
        rows.sort((a, b) -> b.created().orElse(java.time.Instant.EPOCH)
                .compareTo(a.created().orElse(java.time.Instant.EPOCH)));
        return rows;
    }

    /** The sum of the layers' compressed sizes; empty while one of them has no compressed form. */
    private OptionalLong compressedSize(StoredImage image) {
        long sum = 0;
        for (Descriptor layer : image.manifest().value().layers()) {
            OptionalLong size = store.compressedForms().compressedSize(layer);
            if (size.isEmpty()) {
                return OptionalLong.empty();
            }
            sum += size.getAsLong();
        }
        return OptionalLong.of(sum);
    }

    /**
     * The tags whose images cannot be read, which {@link #list}, {@link #prune} and the id
     * lookups skip; each names its tags and why, for the user to remove them.
     *
     * @return the broken images
     */
    public List<BrokenImage> broken() {
        return resolver.listing().broken();
    }

    /**
     * The image {@code name} names; see the class Javadoc.
     *
     * @param name a reference, an image id or a unique id prefix
     * @return the image and its tags
     */
    public LocalImage resolve(String name) {
        return resolver.resolve(name);
    }

    /**
     * The image {@code name} names for {@code platform} ({@code run --platform}): a
     * multi-platform image's entry for it (containerd's matcher), or a single image that runs there.
     *
     * @throws NotFoundException naming the platforms the image has when none fits
     * @param name     a reference, an image id or a unique id prefix
     * @param platform the platform to run
     * @return the image for it
     */
    public StoredImage resolve(String name, Platform platform) {
        LocalImage local = resolver.resolve(name);
        PlatformMatcher matcher = PlatformMatcher.only(platform);
        if (local.index().isEmpty()) {
            if (!matcher.matches(local.image().config().value().platform())) {
                throw new NotFoundException("image " + name + " is for " + local.image().config().value().platform()
                        + ", not " + matcher.wanted());
            }
            return local.image();
        }
        StoredIndex index = local.index().get();
        List<Descriptor> held = index.images().stream().map(p -> p.image().manifestDescriptor()).toList();
        Descriptor chosen = matcher.select(held).orElseThrow(() -> new NotFoundException(
                matcher.select(index.index().value().images()).isPresent()
                        ? "image " + name + " has an image for " + matcher.wanted() + " in its registry, but this"
                                + " store pulled only " + platformList(local) + ": pull it with --platform "
                                + matcher.wanted()
                        : "image " + name + " has no image for " + matcher.wanted() + " (it has: "
                                + platformList(local) + ")"));
        return index.entries().stream().filter(e -> e.manifestDescriptor().digest().equals(chosen.digest()))
                .findFirst().orElseThrow();
    }

    private static String platformList(LocalImage local) {
        return String.join(", ", local.platforms().stream().map(Object::toString).toList());
    }

    /**
     * The attestations stored beside the image {@code name} names (a tag whose image is an index
     * with attestation manifests); none for an image without.
     *
     * @param name a reference, an image id or a unique id prefix
     * @return its attestations
     */
    public List<ImageAttestation> attestations(String name) {
        Descriptor top = topOf(name);
        return AttestationIndex.read(store, top).stream()
                .map(a -> new ImageAttestation(a.image().digest(), a.predicateType(), a.layer().annotations(), a.statement()))
                .toList();
    }

    /**
     * The packages of the image {@code name} names: its attached SBOM's when it has one, else found
     * now by reading its layers.
     *
     * @param name a reference, an image id or a unique id prefix
     * @return its packages
     */
    public List<ImagePackage> packages(String name) {
        return softwarePackages(name).stream().map(EngineValues::softwarePackage).toList();
    }

    private List<SoftwarePackage> softwarePackages(String name) {
        for (ImageAttestation a : attestations(name)) {
            if (a.predicateType().equals(SpdxDocument.PREDICATE_TYPE) && !a.annotations().containsKey("dev.stevedore.sbom.stage")) {
                try {
                    return SpdxDocument.packages(new com.fasterxml.jackson.databind.ObjectMapper().readTree(a.statement())
                            .path("predicate"));
                } catch (IOException e) {
                    throw new InvalidInputException("the SBOM of " + name + " is not JSON: " + e.getMessage());
                }
            }
        }
        return Catalog.scan(store, resolver.resolve(name).image().manifest().value().layers());
    }

    /** What a tag points to (an index with attestations, or a manifest); an id's manifest otherwise. */
    private Descriptor topOf(String name) {
        try {
            Optional<Descriptor> tagged = store.tags().find(ImageReference.parse(name).withDefaultTag().toString())
                    .map(t -> t.descriptor());
            if (tagged.isPresent()) {
                return tagged.get();
            }
        } catch (InvalidInputException e) {
            // not a reference: an id or an id prefix, which resolve takes
        }
        return resolver.resolve(name).top();
    }

    /**
     * {@code docker image inspect}: a JSON array, one object per name.
     *
     * @param names the images, each a reference, an id or an id prefix
     * @return the JSON array
     */
    public String inspect(List<String> names) {
        return InspectJson.write(names.stream().map(resolver::resolve).toList(), this::unpackedSize,
                this::repoDigests);
    }

    /** The {@code name@digest} entries its tags record of the registries {@code image} came from or went to. */
    private List<String> repoDigests(LocalImage image) {
        return RepoDigests.of(image.tags().stream()
                .flatMap(t -> store.tags().find(t.toString()).stream().map(Tag::descriptor)).toList());
    }

    /**
     * {@code docker history}: the steps, newest first, each with its layer's size unpacked (as Docker).
     *
     * @param name a reference, an image id or a unique id prefix
     * @return the steps
     */
    public List<HistoryEntry> history(String name) {
        StoredImage image = resolver.resolve(name).image();
        List<Descriptor> layers = image.manifest().value().layers();
        List<History> steps = image.config().value().history();
        List<HistoryEntry> entries = new ArrayList<>();
        Reporter sizes = new Reporter(store);
        int layer = 0;
        for (History step : steps) {
            long size = !step.emptyLayer() && layer < layers.size() ? sizes.unpackedSize(layers.get(layer++)) : 0;
            entries.add(new HistoryEntry("<missing>", step.created(), step.createdBy(), size, step.comment()));
        }
        List<HistoryEntry> newestFirst = new ArrayList<>(entries.reversed());
        if (!newestFirst.isEmpty()) {
            HistoryEntry top = newestFirst.getFirst();
            newestFirst.set(0, new HistoryEntry(image.id().toString(), top.created(), top.createdBy(), top.size(),
                    top.comment()));
        }
        return newestFirst;
    }

    /** The bytes of the image's layers' files, unpacked, as Docker counts an image's size. */
    private long unpackedSize(StoredImage image) {
        Reporter sizes = new Reporter(store);
        return image.manifest().value().layers().stream().mapToLong(sizes::unpackedSize).sum();
    }

    /**
     * The per-image part of the multi-stage report: layers, sizes, what should not be there.
     *
     * @param name a reference, an image id or a unique id prefix
     * @return its report
     */
    public ImageReport report(String name) {
        return new Reporter(store).image(resolver.resolve(name).image().manifestDescriptor().digest());
    }

    /**
     * The report of what {@code result}'s build made: its stages, its image, what multi-stage kept out.
     *
     * @param result what a build returned
     * @return the multi-stage report
     */
    public BuildReport report(BuildResult result) {
        // a multi-platform build's digest is its index: the report is of the host's image
        Digest manifest = result.manifestDigest();
        if (OciJson.readManifest(store.blobs().read(manifest), manifest.toString()).value() instanceof ImageIndex index) {
            manifest = PlatformMatcher.only(Platform.host()).select(index.images())
                    .or(() -> index.images().stream().findFirst()).orElseThrow().digest();
        }
        return new Reporter(store).build(result.stages().stream().map(EngineValues::stage).toList(), manifest);
    }

    /**
     * {@code docker tag SRC DST}: {@code target} (normalized, {@code :latest} added) points at
     * the image {@code source} names.
     *
     * @param source the image: a reference, an id or an id prefix
     * @param target the new name
     * @return the new name, normalized
     */
    public ImageReference tag(String source, String target) {
        resolver.resolve(source); // says what is wrong with a source that names no image
        ImageReference ref = parseTarget(target);
        // a tag of an index (attestations beside the image) gives the new name the whole index
        store.tags().tag(ref.toString(), topOf(source));
        return ref;
    }

    /** One line of what {@link #remove} did, as {@code docker rmi} prints it. */
    public sealed interface Removal {
        /**
         * A name removed: {@code Untagged: app:1}.
         *
         * @param name the name removed
         */
        record Untagged(String name) implements Removal {}

        /**
         * An untagged image forgotten (its blobs go at the next prune): {@code Deleted: sha256:…}.
         *
         * @param id the image's id
         */
        record Deleted(Digest id) implements Removal {}
    }

    /**
     * {@code docker rmi}: a name removes exactly that name, however many others the image has;
     * an id (or id prefix) removes every name of the image, which needs {@code force} when there
     * are several, and forgets it when it is untagged. Nothing else uses an image here (there
     * are no containers), so {@code force} has no other effect. Blobs stay until a prune.
     *
     * @throws ConflictException when an id names an image with several names and not {@code force}
     * @param names references, ids or id prefixes
     * @param force whether an id may remove an image's several names
     * @return what was done, in order
     */
    public List<Removal> remove(List<String> names, boolean force) {
        List<Removal> removals = new ArrayList<>();
        for (String name : names) {
            if (isReference(name)) {
                // A tag goes without reading its image, so a broken image can be removed too.
                ImageReference ref = parseTarget(name);
                if (store.tags().untag(ref.toString())) {
                    removals.add(new Removal.Untagged(ref.familiarString()));
                }
                continue;
            }
            LocalImage image = resolver.resolve(name);
            if (image.tags().size() > 1 && !force) {
                throw new ConflictException("unable to delete " + name + " (must be forced): image is referenced in"
                        + " multiple repositories");
            }
            for (ImageReference ref : image.tags()) {
                if (store.tags().untag(ref.toString())) {
                    removals.add(new Removal.Untagged(ref.familiarString()));
                }
            }
            if (store.tags().forgetUntagged(image.top().digest())) {
                removals.add(new Removal.Deleted(image.id()));
            }
        }
        return removals;
    }

    /**
     * {@link #save(List, SaveFormat, OutputStream)} into {@code file}, which appears only when whole.
     *
     * @param names  the images, each a reference, an id or an id prefix
     * @param format a docker or an OCI archive
     * @param file   the archive to write
     */
    public void save(List<String> names, SaveFormat format, Path file) {
        try {
            Exporters.writeAtomically(file, out -> save(names, format, out));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code docker save}: the named images, with the tags they were named by, as one archive.
     *
     * @param names  the images, each a reference, an id or an id prefix
     * @param format a docker or an OCI archive
     * @param out    where the archive goes
     */
    public void save(List<String> names, SaveFormat format, OutputStream out) {
        try (Lease lease = store.lease()) {
            save(names, format, out, lease);
        }
    }

    /** {@link #save(List, SaveFormat, OutputStream)}; an OCI archive's layers compressed under {@code lease}. */
    private void save(List<String> names, SaveFormat format, OutputStream out, Lease lease) {
        Map<String, StoredImage> images = new LinkedHashMap<>();
        Map<String, List<ImageReference>> tags = new LinkedHashMap<>();
        Map<String, Descriptor> tops = new HashMap<>();
        for (String name : names) {
            LocalImage local = resolver.resolve(name);
            String key = local.image().manifest().digest().toString();
            images.putIfAbsent(key, local.image());
            tops.putIfAbsent(key, topOf(name)); // an index with attestations, kept by an OCI archive
            List<ImageReference> refs = tags.computeIfAbsent(key, k -> new ArrayList<>());
            if (isReference(name)) {
                ImageReference ref = parseTarget(name);
                if (!refs.contains(ref)) {
                    refs.add(ref);
                }
            }
        }
        if (format == SaveFormat.OCI && names.size() == 1 && resolver.resolve(names.getFirst()).index().isPresent()) {
            // one multi-platform image: its index, every platform (a docker archive holds the host's only)
            try {
                StoredIndex index = resolver.resolve(names.getFirst()).index().get();
                OciArchiveExporter.write(StoredIndex.read(store,
                        ExportedForm.of(store, lease, index.descriptor(), LayerCompression.GZIP)),
                        tags.values().iterator().next(), out);
                return;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        List<ArchiveImage> archived = images.entrySet().stream()
                .map(e -> new ArchiveImage(e.getValue(), tags.get(e.getKey()), tops.get(e.getKey()))).toList();
        try {
            switch (format) {
                case DOCKER -> DockerArchiveExporter.write(archived, out);
                case OCI -> OciArchiveExporter.write(archived.stream().map(a -> compressed(a, lease)).toList(), out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code archived} with its layers gzip-compressed, as an OCI archive carries them. */
    private ArchiveImage compressed(ArchiveImage archived, Lease lease) {
        Descriptor image = ExportedForm.of(store, lease, archived.image().manifestDescriptor(), LayerCompression.GZIP);
        Descriptor top = archived.top().equals(archived.image().manifestDescriptor()) ? image
                : ExportedForm.of(store, lease, archived.top(), LayerCompression.GZIP);
        return new ArchiveImage(StoredImage.read(store, image), archived.names(), top);
    }

    /**
     * {@code docker load}: a docker or OCI archive, gzip or not, into the store, tagged by its names.
     *
     * @param in          the archive
     * @param archiveName its name, for messages ({@code -} for standard input)
     * @return the images loaded and their tags
     */
    public LoadResult load(InputStream in, String archiveName) {
        try {
            return new ArchiveLoader(store).load(in, archiveName);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Forgets the untagged images but the newest (all of them when {@code allUntagged}; see
     * {@link Store#prune(boolean)}), removes the blobs no image, cache record or running build
     * needs, then the extracted layers (snapshots) no remaining image is made of. A cached layer
     * whose snapshot goes is extracted again from its blob when a build needs it.
     *
     * @param allUntagged whether the newest untagged image goes too
     * @return what was removed
     */
    public PruneReport prune(boolean allUntagged) {
        return prune(allUntagged, dev.stevedore.store.CacheLimit.none());
    }

    /**
     * {@link #prune(boolean)}, first removing the build cache records {@code limit} lets go
     * ({@code --keep-storage}, {@code --filter until=}; see {@link dev.stevedore.store.CacheLimit}).
     *
     * @param allUntagged whether the newest untagged image goes too
     * @param limit       which cache records go
     * @return what was removed
     */
    public PruneReport prune(boolean allUntagged, dev.stevedore.store.CacheLimit limit) {
        Map<Digest, Digest> ids = new HashMap<>();
        for (LocalImage local : resolver.all()) {
            if (local.tags().isEmpty()) {
                ids.put(local.image().manifestDescriptor().digest(), local.id());
            }
        }
        PruneResult blobs = store.prune(allUntagged, limit);
        List<Digest> forgotten = blobs.untagged().stream().map(d -> ids.getOrDefault(d.digest(), d.digest())).toList();
        Set<Digest> keep = new HashSet<>();
        for (LocalImage local : resolver.all()) {
            keep.addAll(local.image().config().value().rootfs().diffIds());
        }
        return new PruneReport(forgotten, blobs, Snapshotter.open(store).prune(keep));
    }

    /**
     * Checks the store's blobs, tags and indexes ({@code stevedore fsck}); {@code repair} also removes what is broken.
     *
     * @param repair whether to remove what is broken
     * @return the problems found (and repaired)
     */
    public FsckReport fsck(boolean repair) {
        return store.fsck(repair);
    }

    /**
     * What the store holds on disk, by kind ({@code stevedore du}).
     *
     * @return the bytes, by kind
     */
    public DiskUsage du() {
        return store.du();
    }

    /** Whether {@code name} is a reference rather than an image id or id prefix. */
    private boolean isReference(String name) {
        try {
            return dev.stevedore.oci.AnyReference.parse(name) instanceof ImageReference
                    && store.tags().find(ImageReference.parse(name).withDefaultTag().toString()).isPresent();
        } catch (InvalidInputException e) {
            return false;
        }
    }

    private static ImageReference parseTarget(String target) {
        var any = dev.stevedore.oci.AnyReference.parse(target);
        if (!(any instanceof ImageReference ref)) {
            throw new InvalidInputException("invalid reference format: " + target + " is an image id, not a name");
        }
        if (ref.digest().isPresent()) {
            throw new InvalidInputException("invalid reference format: " + target
                    + " has a digest; a tag cannot name a digest");
        }
        return ref.withDefaultTag();
    }
}
