package dev.stevedore.api;

import dev.stevedore.attest.AttestationIndex;
import dev.stevedore.attest.BuildFacts;
import dev.stevedore.attest.DockerPurl;
import dev.stevedore.attest.Provenance;
import dev.stevedore.attest.ProvenanceMode;
import dev.stevedore.attest.SpdxDocument;
import dev.stevedore.attest.Statement;
import dev.stevedore.exec.BuiltImage;
import dev.stevedore.exec.BuiltImages;
import dev.stevedore.exec.LayerRef;
import dev.stevedore.exec.StageResult;
import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.ImageReference;
import dev.stevedore.oci.Platform;
import dev.stevedore.sbom.Catalog;
import dev.stevedore.sbom.SoftwarePackage;
import dev.stevedore.store.IndexWriter;
import dev.stevedore.store.Lease;
import dev.stevedore.store.Store;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A build's attestations, as its request asks: which ones (provenance {@code min} by default when
 * the result is pushed), what they say, and the index that holds them beside the image.
 *
 * @param dockerfilePath the Dockerfile's name in the context
 * @param dockerfile     its bytes
 * @param git            the git context's URL and commit, when the context is git
 * @param started        when the build started
 */
record Attestations(BuildRequest request, List<ImageReference> tags, String dockerfilePath,
                    byte[] dockerfile, Optional<BuildFacts.GitSource> git, Instant started) {

    /** Stevedore's builder id when {@code builder-id=} gives none. */
    static final String BUILDER_ID = "urn:dev.stevedore:builder";
    /** The annotation naming the builder stage an SBOM layer is about ({@code scan-stage=true}). */
    static final String STAGE_ANNOTATION = "dev.stevedore.sbom.stage";

    /** The provenance mode in effect, if any. */
    Optional<ProvenanceMode> provenance() {
        String mode = request.attestations().provenance().orElse(request.distribution().push() ? "min" : "false");
        return switch (mode) {
            case "min" -> Optional.of(ProvenanceMode.MIN);
            case "max" -> Optional.of(ProvenanceMode.MAX);
            default -> Optional.empty();
        };
    }

    boolean any() {
        return request.attestations().sbom() || provenance().isPresent();
    }

    /**
     * Writes the statements about each image of {@code built} and the index holding the images
     * (each with its platform) and an attestation manifest each, under {@code lease}; empty when
     * the request wants none (the image manifest, or the multi-platform index, is then the result).
     */
    Optional<Descriptor> attach(Store store, Lease lease, BuiltImages built) {
        if (!any()) {
            return Optional.empty();
        }
        List<Descriptor> entries = new ArrayList<>();
        for (BuiltImage image : built.images()) {
            Platform platform = image.imageConfig().platform();
            entries.add(image.manifest().withPlatform(platform));
            entries.add(attestationManifest(store, lease, image, platform));
        }
        return Optional.of(IndexWriter.write(store, lease, entries));
    }

    private Descriptor attestationManifest(Store store, Lease lease, BuiltImage built, Platform platform) {
        String subject = tags.isEmpty() ? "pkg:docker/" + built.manifest().digest()
                : DockerPurl.of(tags.getFirst(), platform);
        Optional<Instant> epoch = sourceDateEpoch();
        Instant now = Instant.now();
        Instant created = epoch.filter(now::isAfter).orElse(now);
        String tool = "stevedore-" + version();
        List<Statement> statements = new ArrayList<>();
        if (request.attestations().sbom()) {
            boolean scanStages = request.attestations().scanStage()
                    || "true".equalsIgnoreCase(request.buildArgs().getOrDefault(AttestationRequest.SCAN_STAGE_ARG, ""));
            // the image's own SBOM first, then each builder stage's
            List<StageResult> stages = new ArrayList<>(built.stages());
            stages.sort(java.util.Comparator.comparing(StageResult::target).reversed()
                    .thenComparing(StageResult::index));
            for (StageResult stage : stages) {
                if (!stage.target() && !scanStages) {
                    continue;
                }
                List<SoftwarePackage> packages = Catalog.scan(store, stage.layers().stream().map(LayerRef::blob).toList());
                String name = stage.target() ? subject : subject + " stage " + stage.name();
                String namespace = "https://stevedore.dev/spdx/" + built.manifest().digest().hex() + "/" + stage.index();
                statements.add(new Statement(SpdxDocument.PREDICATE_TYPE,
                        SpdxDocument.of(name, namespace, created, tool, packages),
                        stage.target() ? Map.of() : Map.of(STAGE_ANNOTATION, stage.name())));
            }
        }
        provenance().ifPresent(mode -> {
            BuildFacts facts = facts(built, platform, now, epoch);
            boolean v02 = request.attestations().provenanceVersion().equals("v0.2");
            statements.add(new Statement(v02 ? Provenance.V02 : Provenance.V1,
                    v02 ? Provenance.v02(facts, mode) : Provenance.v1(facts, mode), Map.of()));
        });
        return AttestationIndex.manifest(store, lease, built.manifest(), subject, statements);
    }

    private BuildFacts facts(BuiltImage built, Platform platform, Instant finished, Optional<Instant> epoch) {
        List<BuildFacts.StageNode> stages = built.stages().stream()
                .map(s -> new BuildFacts.StageNode(s.index(), s.name(), s.base(),
                        List.copyOf(built.dependencies().getOrDefault(s.index(), new java.util.TreeSet<>())), s.target()))
                .toList();
        return new BuildFacts(request.attestations().builderId().orElse(BUILDER_ID), version(), dockerfilePath,
                dockerfile, git, request.buildArgs(), request.target(),
                request.secrets().stream().map(Secret::id).toList(), built.bases(), stages, platform, started,
                finished, epoch);
    }

    private Optional<Instant> sourceDateEpoch() {
        try {
            return Optional.ofNullable(request.buildArgs().get("SOURCE_DATE_EPOCH")).filter(v -> !v.isBlank())
                    .map(v -> Instant.ofEpochSecond(Long.parseLong(v.strip())));
        } catch (NumberFormatException e) {
            return Optional.empty(); // the build itself already refused it
        }
    }

    private static String version() {
        return Optional.ofNullable(Attestations.class.getPackage().getImplementationVersion()).orElse("dev");
    }
}
