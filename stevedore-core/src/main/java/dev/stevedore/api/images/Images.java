package dev.stevedore.api.images;

import dev.stevedore.api.BuildResult;
import dev.stevedore.diag.ConflictException;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.Digest;
import dev.stevedore.oci.History;
import dev.stevedore.oci.ImageConfig;
import dev.stevedore.oci.ImageReference;
import dev.stevedore.oci.Platform;
import dev.stevedore.output.ArchiveImage;
import dev.stevedore.output.DockerArchiveExporter;
import dev.stevedore.output.Exporters;
import dev.stevedore.output.OciArchiveExporter;
import dev.stevedore.output.StoredImage;
import dev.stevedore.registry.PullResult;
import dev.stevedore.registry.PushResult;
import dev.stevedore.registry.RegistryClient;
import dev.stevedore.registry.RegistryOptions;
import dev.stevedore.report.BuildReport;
import dev.stevedore.report.ImageReport;
import dev.stevedore.report.Reporter;
import dev.stevedore.snapshot.Snapshotter;
import dev.stevedore.store.DiskUsage;
import dev.stevedore.store.FsckReport;
import dev.stevedore.store.PruneResult;
import dev.stevedore.store.Store;
import dev.stevedore.store.StoreRoot;
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

    public Images(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.resolver = new ImageResolver(store);
    }

    /** The images of the store at {@code root} ({@code --root}; empty: the default store), dated by the system clock. */
    public static Images open(Optional<String> root) {
        return new Images(Store.open(StoreRoot.resolve(root)), Clock.systemUTC());
    }

    /** Pulls {@code reference} for {@code platform} from its registry into the store, and tags it. */
    public PullResult pull(ImageReference reference, Platform platform, RegistryOptions registry) {
        try (RegistryClient client = new RegistryClient(registry)) {
            return client.pull(reference, platform, store);
        }
    }

    /**
     * Pushes the image {@code name} of the store (a tag, or an image id or id prefix) to
     * {@code destination}; without one, to the registry its tag names (an id names none).
     */
    public PushResult push(String name, Optional<ImageReference> destination, RegistryOptions registry) {
        Optional<ImageReference> tag = storeTag(name);
        if (tag.isEmpty() && destination.isEmpty()) {
            resolver.resolve(name); // an id, an id prefix, or a name the store does not have: resolve says which
            throw new InvalidInputException("push " + name + ": an image id names no registry; say where it goes:"
                    + " stevedore push " + name + " REGISTRY/NAME:TAG");
        }
        ImageReference dest = destination.orElseGet(tag::get);
        try (RegistryClient client = new RegistryClient(registry)) {
            return tag.isPresent() ? client.push(store, tag.get().toString(), dest)
                    : client.push(store, resolver.resolve(name).image().manifestDescriptor(), dest);
        }
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

    public Store store() {
        return store;
    }

    /** {@code docker import}: a root file system becomes a one-layer image, tagged when named. */
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
     */
    public List<ImageSummary> list() {
        List<ImageSummary> rows = new ArrayList<>();
        for (LocalImage local : resolver.all()) {
            StoredImage image = local.image();
            ImageConfig config = image.config().value();
            long size = unpackedSize(image);
            if (local.tags().isEmpty()) {
                rows.add(new ImageSummary("<none>", "<none>", image.id(), image.manifest().digest(),
                        config.created(), size, image.size()));
            }
            for (ImageReference tag : local.tags()) {
                rows.add(new ImageSummary(tag.familiarName(), tag.tag().orElse("<none>"), image.id(),
                        image.manifest().digest(), config.created(), size, image.size()));
            }
        }
        rows.sort((a, b) -> b.created().orElse(java.time.Instant.EPOCH)
                .compareTo(a.created().orElse(java.time.Instant.EPOCH)));
        return rows;
    }

    /**
     * The tags whose images cannot be read, which {@link #list}, {@link #prune} and the id
     * lookups skip; each names its tags and why, for the user to remove them.
     */
    public List<BrokenImage> broken() {
        return resolver.listing().broken();
    }

    /** The image {@code name} names; see the class Javadoc. */
    public LocalImage resolve(String name) {
        return resolver.resolve(name);
    }

    /** {@code docker image inspect}: a JSON array, one object per name. */
    public String inspect(List<String> names) {
        return InspectJson.write(names.stream().map(resolver::resolve).toList(), this::unpackedSize);
    }

    /** {@code docker history}: the steps, newest first, each with its layer's size unpacked (as Docker). */
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

    /** The per-image part of the multi-stage report: layers, sizes, what should not be there. */
    public ImageReport report(String name) {
        return new Reporter(store).image(resolver.resolve(name).image().manifestDescriptor().digest());
    }

    /** The report of what {@code result}'s build made: its stages, its image, what multi-stage kept out. */
    public BuildReport report(BuildResult result) {
        return new Reporter(store).build(result.stages(), result.manifestDigest());
    }

    /**
     * {@code docker tag SRC DST}: {@code target} (normalized, {@code :latest} added) points at
     * the image {@code source} names.
     */
    public ImageReference tag(String source, String target) {
        LocalImage image = resolver.resolve(source);
        ImageReference ref = parseTarget(target);
        store.tags().tag(ref.toString(), image.image().manifestDescriptor());
        return ref;
    }

    /** One line of what {@link #remove} did, as {@code docker rmi} prints it. */
    public sealed interface Removal {
        /** A name removed: {@code Untagged: app:1}. */
        record Untagged(String name) implements Removal {}

        /** An untagged image forgotten (its blobs go at the next prune): {@code Deleted: sha256:…}. */
        record Deleted(Digest id) implements Removal {}
    }

    /**
     * {@code docker rmi}: a name removes exactly that name, however many others the image has;
     * an id (or id prefix) removes every name of the image, which needs {@code force} when there
     * are several, and forgets it when it is untagged. Nothing else uses an image here (there
     * are no containers), so {@code force} has no other effect. Blobs stay until a prune.
     *
     * @throws ConflictException when an id names an image with several names and not {@code force}
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
            if (store.tags().forgetUntagged(image.image().manifestDescriptor().digest())) {
                removals.add(new Removal.Deleted(image.id()));
            }
        }
        return removals;
    }

    /** {@link #save(List, SaveFormat, OutputStream)} into {@code file}, which appears only when whole. */
    public void save(List<String> names, SaveFormat format, Path file) {
        try {
            Exporters.writeAtomically(file, out -> save(names, format, out));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code docker save}: the named images, with the tags they were named by, as one archive. */
    public void save(List<String> names, SaveFormat format, OutputStream out) {
        Map<String, StoredImage> images = new LinkedHashMap<>();
        Map<String, List<ImageReference>> tags = new LinkedHashMap<>();
        for (String name : names) {
            LocalImage local = resolver.resolve(name);
            String key = local.image().manifest().digest().toString();
            images.putIfAbsent(key, local.image());
            List<ImageReference> refs = tags.computeIfAbsent(key, k -> new ArrayList<>());
            if (isReference(name)) {
                ImageReference ref = parseTarget(name);
                if (!refs.contains(ref)) {
                    refs.add(ref);
                }
            }
        }
        List<ArchiveImage> archived = images.entrySet().stream()
                .map(e -> new ArchiveImage(e.getValue(), tags.get(e.getKey()))).toList();
        try {
            switch (format) {
                case DOCKER -> DockerArchiveExporter.write(archived, out);
                case OCI -> OciArchiveExporter.write(archived, out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code docker load}: a docker or OCI archive, gzip or not, into the store, tagged by its names. */
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
     */
    public PruneReport prune(boolean allUntagged) {
        Map<Digest, Digest> ids = new HashMap<>();
        for (LocalImage local : resolver.all()) {
            if (local.tags().isEmpty()) {
                ids.put(local.image().manifestDescriptor().digest(), local.id());
            }
        }
        PruneResult blobs = store.prune(allUntagged);
        List<Digest> forgotten = blobs.untagged().stream().map(d -> ids.getOrDefault(d.digest(), d.digest())).toList();
        Set<Digest> keep = new HashSet<>();
        for (LocalImage local : resolver.all()) {
            keep.addAll(local.image().config().value().rootfs().diffIds());
        }
        return new PruneReport(forgotten, blobs, Snapshotter.open(store).prune(keep));
    }

    public FsckReport fsck(boolean repair) {
        return store.fsck(repair);
    }

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
