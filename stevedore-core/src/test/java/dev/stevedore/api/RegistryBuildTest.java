package dev.stevedore.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stevedore.diag.StevedoreException;
import dev.stevedore.event.BuildEvent;
import dev.stevedore.event.BuildListener;
import dev.stevedore.oci.ImageConfig;
import dev.stevedore.oci.ImageReference;
import dev.stevedore.oci.json.OciJson;
import dev.stevedore.output.OutputTarget;
import dev.stevedore.registry.PushResult;
import dev.stevedore.registry.RegistryClient;
import dev.stevedore.registry.RegistryOptions;
import dev.stevedore.store.Store;
import dev.stevedore.testing.BusyboxImage;
import dev.stevedore.testing.TestRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds whose base images come from a registry (Debian's docker-registry on 127.0.0.1) into a
 * fresh store, and whose results are pushed and exported; root, runc and skopeo needed.
 */
class RegistryBuildTest {

    @TempDir
    Path dir;

    TestRegistry registry;
    String host;
    final List<BuildEvent> events = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void setUp() throws Exception {
        BuildHarness base = new BuildHarness(dir.resolve("base"));  // skips without root, runc, busybox
        registry = TestRegistry.start();
        host = registry.host();
        push(base.store, BusyboxImage.NAME, host + "/busybox:1");
        push(base.store, BusyboxImage.NAME, host + "/library/busybox:latest");
    }

    @AfterEach
    void tearDown() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void pullsMissingBaseImagesOnceForFromAndCopyFromAndExportsLocal() throws Exception {
        Path out = dir.resolve("out");
        BuildResult result = build("fresh", """
                FROM %1$s/busybox:1 AS a
                RUN echo built > /a
                FROM %1$s/busybox:1
                COPY --from=a /a /a
                COPY --from=%1$s/busybox:1 /bin/busybox /x
                """.formatted(host), r -> r.distribution(Distribution.defaults()
                .withOutputs(List.of(new OutputTarget.LocalDirectory(out)))));
        assertThat(out.resolve("a")).hasContent("built");
        assertThat(Files.size(out.resolve("x"))).isEqualTo(Files.size(BusyboxImage.BUSYBOX));
        assertThat(Store.open(dir.resolve("fresh")).tags().find(host + "/busybox:1")).isPresent();
        assertThat(result.pushed()).isEmpty();
        List<Integer> fromSteps = stepsNamed("FROM " + host + "/busybox:1");
        assertThat(fromSteps).hasSize(2);
        assertThat(events).as("the pull's progress shows on a FROM step")
                .anyMatch(e -> e instanceof BuildEvent.StepProgress p && fromSteps.contains(p.step().number())
                        && p.item().startsWith("sha256:"));
    }

    @Test
    void aFromStepThatStartsAfterItsPullStillShowsTheBytesPulled() throws Exception {
        // the second stage's FROM starts only when the first stage is done; its image was pulled
        // ahead meanwhile (the sleep makes sure of it), so its progress must be replayed to it
        build("fresh", """
                FROM %1$s/busybox:1 AS first
                RUN sleep 1 && echo built > /a
                FROM %1$s/library/busybox:latest
                COPY --from=first /a /a
                """.formatted(host), r -> r);
        List<Integer> late = stepsNamed("FROM " + host + "/library/busybox:latest");
        assertThat(late).hasSize(1);
        assertThat(events).as("the finished pull shows on the late FROM step")
                .anyMatch(e -> e instanceof BuildEvent.StepProgress p && p.step().number() == late.getFirst()
                        && p.item().startsWith("sha256:") && p.done() == p.total() && p.total() > 0);
    }

    @Test
    void mirrorServesDockerHubImages() throws Exception {
        Path out = dir.resolve("out");
        build("fresh", "FROM busybox\nRUN echo mirrored > /m\n", r -> r.distribution(Distribution.defaults()
                .withRegistryMirrors(List.of("http://" + host))
                .withOutputs(List.of(new OutputTarget.LocalDirectory(out)))));
        assertThat(out.resolve("m")).hasContent("mirrored");
        assertThat(Store.open(dir.resolve("fresh")).tags().find("docker.io/library/busybox:latest")).isPresent();
    }

    @Test
    void pushReportsTheDigestTheRegistryServesAndMetadataHasTheDescriptor() throws Exception {
        Path metadata = dir.resolve("metadata.json");
        BuildResult result = build("fresh", "FROM %s/busybox:1\nRUN echo app > /app\n".formatted(host),
                // the image alone (provenance is attached by default when pushed: AttestationBuildTest)
                r -> r.tags(List.of(host + "/app:1")).distribution(Distribution.defaults().withPush(true))
                        .attestations(AttestationRequest.parse(Optional.empty(), Optional.of("false"), List.of()))
                        .metadataFile(metadata));
        assertThat(result.pushed()).singleElement().satisfies(p -> {
            assertThat(p.reference().toString()).isEqualTo(host + "/app:1");
            assertThat(p.pushed().digest()).isEqualTo(result.manifestDigest());
        });
        JsonNode inspect = new ObjectMapper().readTree(BuildHarness.run("skopeo", "inspect", "--tls-verify=false",
                "docker://" + host + "/app:1"));
        assertThat(inspect.path("Digest").asText()).isEqualTo(result.manifestDigest().toString());
        JsonNode meta = new ObjectMapper().readTree(metadata.toFile());
        assertThat(meta.path("containerimage.descriptor").path("digest").asText())
                .isEqualTo(result.manifestDigest().toString());
        assertThat(meta.path("containerimage.descriptor").path("mediaType").asText()).contains("manifest");
        assertThat(meta.path("containerimage.descriptor").path("size").asLong()).isPositive();
        List<Integer> pushing = stepsNamed("pushing " + host + "/app:1");
        assertThat(pushing).as("the push is a step after the build's").singleElement()
                .satisfies(n -> assertThat(n).isGreaterThan(stepsNamed("exporting to image").getFirst()));
        assertThat(events).as("with its blobs' progress, and done")
                .anyMatch(e -> e instanceof BuildEvent.StepProgress p && p.step().number() == pushing.getFirst()
                        && p.item().startsWith("sha256:") && p.done() == p.total())
                .anyMatch(e -> e instanceof BuildEvent.StepDone d && d.step().number() == pushing.getFirst());
    }

    @Test
    void ociAndDockerArchivesAreWhatSkopeoReads() throws Exception {
        Path oci = dir.resolve("x.tar");
        Path docker = dir.resolve("y.tar");
        BuildResult result = build("fresh", "FROM %s/busybox:1\nENV MARK=1\n".formatted(host),
                r -> r.distribution(Distribution.defaults().withOutputs(List.of(
                        OutputSpec.parse("type=oci,dest=" + oci), OutputSpec.parse("type=docker,dest=" + docker)))));
        assertThat(BuildHarness.run("skopeo", "inspect", "oci-archive:" + oci)).contains("MARK=1");
        assertThat(stepsNamed("exporting to oci image format " + oci)).hasSize(1);
        assertThat(stepsNamed("exporting to docker image format " + docker)).hasSize(1);
        JsonNode d = new ObjectMapper().readTree(BuildHarness.run("skopeo", "inspect", "--config",
                "docker-archive:" + docker));
        assertThat(d.path("config").path("Env").toString()).contains("MARK=1");
        assertThat(result.imageId().toString()).startsWith("sha256:");
    }

    @Test
    void unknownImageNamesTheLineAndTheRegistrysAnswer() {
        assertThatThrownBy(() -> build("fresh", "FROM %1$s/busybox:1 AS ok\n\nFROM %1$s/nosuch:1\n".formatted(host), r -> r))
                .isInstanceOf(StevedoreException.class)
                .hasMessageContaining("Dockerfile:3")
                .hasMessageContaining("pull " + host + "/nosuch:1: ")
                .hasMessageMatching("(?s).*\\((NAME_UNKNOWN|MANIFEST_UNKNOWN)\\).*");
    }

    @Test
    void pullFollowsATagThatMovedInTheRegistry() throws Exception {
        String from = "FROM %s/busybox:1\n".formatted(host);
        assertThat(envOf(build("fresh", from, r -> r))).noneMatch(e -> e.startsWith("MOVED="));
        Store other = Store.open(dir.resolve("other"));
        dev.stevedore.testing.BusyboxImage.write(other, dir.resolve("work2"), "moved:1",
                c -> c.withEnv("MOVED", "yes"));
        push(other, "moved:1", host + "/busybox:1");
        assertThat(envOf(build("fresh", from, r -> r))).as("the store's copy is used without --pull")
                .noneMatch(e -> e.startsWith("MOVED="));
        assertThat(envOf(build("fresh", from, r -> r.distribution(Distribution.defaults().withPull(true)))))
                .contains("MOVED=yes");
    }

    private List<String> envOf(BuildResult result) {
        Store store = Store.open(dir.resolve("fresh"));
        ImageConfig config = OciJson.readConfig(store.blobs().read(result.imageId()), "result").value();
        return config.config().env();
    }

    private List<Integer> stepsNamed(String suffix) {
        List<Integer> ids = new ArrayList<>();
        synchronized (events) {
            for (BuildEvent e : events) {
                if (e instanceof BuildEvent.StepStarted s && s.name().contains(suffix)) {
                    ids.add(s.step().number());
                }
            }
        }
        return ids;
    }

    private BuildResult build(String store, String dockerfile, UnaryOperator<BuildRequest.Builder> change) throws IOException {
        Path context = Files.createDirectories(dir.resolve("ctx-" + UUID.randomUUID()));
        Files.writeString(context.resolve("Dockerfile"), dockerfile, StandardCharsets.UTF_8);
        events.clear();
        BuildListener listener = events::add;
        return new ImageBuilder().build(change.apply(BuildRequest.builder(context).storeRoot(dir.resolve(store))).build(),
                listener);
    }

    private static PushResult push(Store store, String local, String dest) {
        try (RegistryClient client = new RegistryClient(RegistryOptions.defaults())) {
            return client.push(store, local, ImageReference.parse(dest));
        }
    }
}
