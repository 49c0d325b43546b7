package dev.stevedore.api.images;

import dev.stevedore.api.BuildResult;
import dev.stevedore.diag.ConflictException;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.Digest;
import dev.stevedore.oci.History;
import dev.stevedore.oci.ImageConfig;
import dev.stevedore.oci.ImageReference;
import dev.stevedore.output.ArchiveImage;
import dev.stevedore.output.DockerArchiveExporter;
import dev.stevedore.output.OciArchiveExporter;
import dev.stevedore.output.StoredImage;
import dev.stevedore.report.BuildReport;
import dev.stevedore.report.ImageReport;
import dev.stevedore.report.Reporter;
import dev.stevedore.snapshot.Snapshotter;
import dev.stevedore.store.DiskUsage;
import dev.stevedore.store.FsckReport;
import dev.stevedore.store.PruneResult;
import dev.stevedore.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
     * Every tagged image, one row per tag, newest first, as {@code docker images} lists them;
     * tags whose images cannot be read are left out (see {@link #broken}).
     */
    public List<ImageSummary> list() {
        List<ImageSummary> rows = new ArrayList<>();
        for (LocalImage local : resolver.all()) {
            StoredImage image = local.image();
            ImageConfig config = image.config().value();
            if (local.tags().isEmpty()) {
                rows.add(new ImageSummary("<none>", "<none>", image.id(), image.manifest().digest(),
                        config.created(), image.size()));
            }
            for (ImageReference tag : local.tags()) {
                rows.add(new ImageSummary(tag.familiarName(), tag.tag().orElse("<none>"), image.id(),
                        image.manifest().digest(), config.created(), image.size()));
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
        return InspectJson.write(names.stream().map(resolver::resolve).toList());
    }

    /** {@code docker history}: the steps, newest first. */
    public List<HistoryEntry> history(String name) {
        StoredImage image = resolver.resolve(name).image();
        List<Descriptor> layers = image.manifest().value().layers();
        List<History> steps = image.config().value().history();
        List<HistoryEntry> entries = new ArrayList<>();
        int layer = 0;
        for (History step : steps) {
            long size = !step.emptyLayer() && layer < layers.size() ? layers.get(layer++).size() : 0;
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

    /** One line of what {@link #remove} did. */
    public record Removal(String untagged) {}

    /**
     * {@code docker rmi}: removes tags. A reference removes that tag; an id removes every tag of
     * the image, which needs {@code force} when there are several. Blobs stay until a prune.
     *
     * @throws ConflictException when an id names an image with several tags and not {@code force}
     */
    public List<Removal> remove(List<String> names, boolean force) {
        List<Removal> removals = new ArrayList<>();
        for (String name : names) {
            if (isReference(name)) {
                // A tag goes without reading its image, so a broken image can be removed too.
                ImageReference ref = parseTarget(name);
                if (store.tags().untag(ref.toString())) {
                    removals.add(new Removal(ref.familiarString()));
                }
                continue;
            }
            List<ImageReference> untag = resolver.resolve(name).tags();
            if (untag.size() > 1 && !force) {
                throw new ConflictException("unable to delete " + name + " (must be forced): image is referenced in"
                        + " multiple repositories");
            }
            for (ImageReference ref : untag) {
                if (store.tags().untag(ref.toString())) {
                    removals.add(new Removal(ref.familiarString()));
                }
            }
        }
        return removals;
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
                case DOCKER -> DockerArchiveExporter.write(archived, out, store.tmpDirectory());
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
     * Removes the blobs no tag, cache record or running build needs, then the extracted layers
     * (snapshots) no tagged image is made of. A cached layer whose snapshot goes is extracted
     * again from its blob when a build needs it.
     */
    public PruneReport prune() {
        PruneResult blobs = store.prune();
        Set<Digest> keep = new HashSet<>();
        for (LocalImage local : resolver.all()) {
            keep.addAll(local.image().config().value().rootfs().diffIds());
        }
        return new PruneReport(blobs, Snapshotter.open(store).prune(keep));
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
