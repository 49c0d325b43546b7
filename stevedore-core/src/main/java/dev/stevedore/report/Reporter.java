package dev.stevedore.report;

import dev.stevedore.exec.LayerRef;
import dev.stevedore.exec.StageResult;
import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.Digest;
import dev.stevedore.oci.History;
import dev.stevedore.oci.ImageConfig;
import dev.stevedore.oci.ImageManifest;
import dev.stevedore.oci.json.OciJson;
import dev.stevedore.sbom.Catalog;
import dev.stevedore.sbom.SoftwarePackage;
import dev.stevedore.store.Store;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Optional;
import java.util.Set;

/**
 * Makes reports from the store: {@link #image} for any image, {@link #build} for what a build
 * made. The final image's layers are read whole (each file hashed, to find rewritten ones); the
 * other stages' layers only through their headers, each layer once however many stages share it.
 */
public final class Reporter {

    private final Store store;
    private final Map<Digest, Size> sizes = new HashMap<>();

    public Reporter(Store store) {
        this.store = store;
    }

    /** The report of the image whose manifest is {@code manifest}. */
    public ImageReport image(Digest manifest) {
        ImageManifest m = OciJson.readImageManifest(store.blobs().read(manifest), manifest.toString()).value();
        Digest configDigest = m.config().digest();
        ImageConfig config = OciJson.readConfig(store.blobs().read(configDigest), configDigest.toString()).value();
        List<String> createdBy = createdBy(config, m.layers().size());
        Duplicates duplicates = new Duplicates();
        List<LayerReport> layers = new ArrayList<>();
        List<Finding> secrets = new ArrayList<>();
        Size total = Size.ZERO;
        for (int i = 0; i < m.layers().size(); i++) {
            Descriptor blob = m.layers().get(i);
            LayerScan scan = LayerScan.read(store, blob, true);
            sizes.put(blob.digest(), scan.size());
            store.layerSizes().put(blob.digest(), scan.size().bytes());
            total = total.plus(scan.size());
            layers.add(new LayerReport(i + 1, blob.digest(), createdBy.get(i), scan.size()));
            duplicates.add(scan, i + 1, createdBy.get(i));
            secrets.addAll(SecretRules.files(scan, i + 1));
        }
        List<Finding> findings = new ArrayList<>(duplicates.found());
        findings.addAll(ToolRules.find(duplicates.view()));
        findings.addAll(secrets);
        findings.addAll(SecretRules.env(config.config().env()));
        return new ImageReport(configDigest, total, layers, findings);
    }

    /**
     * The bytes the layer {@code blob} holds once unpacked (its files'), as Docker counts a
     * layer's size: remembered in the store, or measured (tar headers only) and remembered.
     */
    public long unpackedSize(Descriptor blob) {
        OptionalLong known = store.layerSizes().get(blob.digest());
        if (known.isPresent()) {
            return known.getAsLong();
        }
        long bytes = LayerScan.read(store, blob, false).size().bytes();
        store.layerSizes().put(blob.digest(), bytes);
        return bytes;
    }

    /**
     * The report of a build: its stages (as the engine recorded them) and the image it wrote.
     *
     * @param manifest the image's manifest digest
     */
    public BuildReport build(List<StageResult> stages, Digest manifest) {
        ImageReport image = image(manifest);
        List<StageReport> reports = stages.stream().map(s -> new StageReport(s, size(s.layers()))).toList();
        Optional<Saving> saving = reports.stream().filter(r -> !r.stage().target())
                .max(Comparator.comparingLong(r -> r.size().bytes()))
                .map(r -> new Saving(r.stage().name(), r.size().bytes(), image.size().bytes()));
        return new BuildReport(reports, image, saving, packages(stages));
    }

    /** Each builder stage's packages against the target's, as {@code sbom} finds them in their files. */
    private List<PackageView> packages(List<StageResult> stages) {
        Optional<StageResult> target = stages.stream().filter(StageResult::target).findFirst();
        if (target.isEmpty()) {
            return List.of();
        }
        Set<String> kept = names(target.get());
        List<PackageView> views = new ArrayList<>();
        for (StageResult s : stages) {
            if (!s.target()) {
                Set<String> had = names(s);
                views.add(new PackageView(s.name(), had.size(),
                        had.stream().filter(n -> !kept.contains(n)).sorted().toList(), kept.size()));
            }
        }
        return views;
    }

    private Set<String> names(StageResult stage) {
        return Catalog.scan(store, stage.layers().stream().map(LayerRef::blob).toList()).stream()
                .map(SoftwarePackage::name).collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }

    private Size size(List<LayerRef> layers) {
        Size total = Size.ZERO;
        for (LayerRef layer : layers) {
            total = total.plus(sizes.computeIfAbsent(layer.blob().digest(),
                    d -> LayerScan.read(store, layer.blob(), false).size()));
        }
        return total;
    }

    /** Each layer's {@code created_by}: the history entries that made a layer, in order. */
    private static List<String> createdBy(ImageConfig config, int layers) {
        List<String> out = new ArrayList<>();
        for (History h : config.history()) {
            if (!h.emptyLayer() && out.size() < layers) {
                out.add(h.createdBy());
            }
        }
        while (out.size() < layers) {
            out.add("");
        }
        return out;
    }
}
