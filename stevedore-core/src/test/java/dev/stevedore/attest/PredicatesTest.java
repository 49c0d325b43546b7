package dev.stevedore.attest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stevedore.exec.ResolvedBase;
import dev.stevedore.oci.Digest;
import dev.stevedore.oci.Platform;
import dev.stevedore.sbom.Ecosystem;
import dev.stevedore.sbom.SoftwarePackage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The SPDX and SLSA predicates on their own: their schemas, what each mode tells, and the checker's teeth. */
class PredicatesTest {

    private static final Digest BASE = Digest.sha256("base".getBytes(StandardCharsets.UTF_8));

    private static BuildFacts facts(Optional<BuildFacts.GitSource> git, Optional<Instant> epoch) {
        return new BuildFacts("urn:dev.stevedore:builder", "1.0", "Dockerfile", "FROM x\n".getBytes(StandardCharsets.UTF_8),
                git, Map.of("VERSION", "planted-value"), Optional.of("runtime"), List.of("npmrc"),
                List.of(new ResolvedBase("127.0.0.1:5000/library/golang:1.20", BASE, Platform.of("linux", "amd64"))),
                List.of(new BuildFacts.StageNode(0, "builder", "127.0.0.1:5000/library/golang:1.20", List.of(), false),
                        new BuildFacts.StageNode(1, "runtime", "scratch", List.of(0), true)),
                Platform.of("linux", "amd64"), Instant.parse("2030-01-01T10:00:00.5Z"), Instant.parse("2030-01-01T10:01:00Z"),
                epoch);
    }

    @Test
    void spdxDocumentMatchesItsSchemaAndReadsBack() {
        SoftwarePackage p = new SoftwarePackage(Ecosystem.DEB, "libc6", "2.36", "pkg:deb/debian/libc6@2.36", "/var/lib/dpkg/status");
        ObjectNode doc = SpdxDocument.of("app:1", "https://stevedore.dev/spdx/abc/1", Instant.parse("2030-01-01T00:00:00.7Z"),
                "stevedore-dev", List.of(p));
        assertThat(StatementShapes.problems("spdx-2.3", doc)).isEmpty();
        assertThat(doc.at("/creationInfo/created").asText()).isEqualTo("2030-01-01T00:00:00Z");
        assertThat(SpdxDocument.packages(doc)).containsExactly(p);
    }

    @Test
    void theSchemaCheckRefusesWhatTheSpecRefuses() {
        SoftwarePackage p = new SoftwarePackage(Ecosystem.DEB, "libc6", "2.36", "pkg:deb/debian/libc6@2.36", "/var/lib/dpkg/status");
        ObjectNode doc = SpdxDocument.of("app:1", "https://stevedore.dev/spdx/abc/1", Instant.EPOCH, "stevedore-dev", List.of(p));
        doc.remove("dataLicense");
        // A purl belongs in externalRefs: the official schema allows no other package field.
        ((ObjectNode) doc.get("packages").get(0)).put("purl", "pkg:deb/debian/libc6@2.36");
        assertThat(StatementShapes.problems("spdx-2.3", doc)).containsExactly(
                "$.packages[0]: Additional properties are not allowed ('purl' was unexpected)",
                "$: 'dataLicense' is a required property");
        ObjectNode slsa = Provenance.v1(facts(Optional.empty(), Optional.empty()), ProvenanceMode.MIN);
        ((ObjectNode) slsa.get("runDetails")).remove("builder");
        assertThat(StatementShapes.problems("slsa-provenance-v1", slsa)).containsExactly("$.runDetails: 'builder' is a required property");
    }

    @Test
    void minModeHasNoBuildArgValuesNorSecretIds() {
        ObjectNode min = Provenance.v1(facts(Optional.empty(), Optional.empty()), ProvenanceMode.MIN);
        assertThat(StatementShapes.problems("slsa-provenance-v1", min)).isEmpty();
        assertThat(min.toString()).doesNotContain("planted-value").doesNotContain("npmrc").doesNotContain("FROM x");
        assertThat(min.at("/buildDefinition/externalParameters/request/args/target").asText()).isEqualTo("runtime");
        assertThat(min.at("/buildDefinition/resolvedDependencies/0/uri").asText())
                .isEqualTo("pkg:docker/127.0.0.1:5000/library/golang@1.20?platform=linux%2Famd64");
        assertThat(min.at("/buildDefinition/resolvedDependencies/0/digest/sha256").asText()).isEqualTo(BASE.hex());
        assertThat(min.at("/buildDefinition/externalParameters/configSource/digest/sha256").asText())
                .isEqualTo(Digest.sha256("FROM x\n".getBytes(StandardCharsets.UTF_8)).hex());
        ObjectNode max = Provenance.v1(facts(Optional.empty(), Optional.empty()), ProvenanceMode.MAX);
        assertThat(max.at("/buildDefinition/externalParameters/request/args/build-arg:VERSION").asText()).isEqualTo("planted-value");
        assertThat(max.at("/buildDefinition/externalParameters/request/secrets/0/id").asText()).isEqualTo("npmrc");
        assertThat(max.at("/buildDefinition/internalParameters/buildConfig/stages/1/dependsOn/0").asInt()).isZero();
    }

    @Test
    void gitContextAndClampedTimes() {
        BuildFacts f = facts(Optional.of(new BuildFacts.GitSource("https://example.com/app.git#main", "0123456789abcdef0123456789abcdef01234567")),
                Optional.of(Instant.parse("2020-01-01T00:00:00Z")));
        JsonNode v1 = Provenance.v1(f, ProvenanceMode.MIN);
        assertThat(v1.at("/buildDefinition/externalParameters/configSource/uri").asText()).isEqualTo("https://example.com/app.git#main");
        assertThat(v1.at("/buildDefinition/resolvedDependencies/1/digest/sha1").asText()).startsWith("0123456789abcdef");
        assertThat(v1.at("/runDetails/metadata/startedOn").asText()).isEqualTo("2020-01-01T00:00:00Z");
        JsonNode unclamped = Provenance.v1(facts(Optional.empty(), Optional.of(Instant.parse("2040-01-01T00:00:00Z"))),
                ProvenanceMode.MIN);
        assertThat(unclamped.at("/runDetails/metadata/startedOn").asText()).isEqualTo("2030-01-01T10:00:00Z");
        JsonNode v02 = Provenance.v02(f, ProvenanceMode.MIN);
        assertThat(v02.at("/invocation/configSource/entryPoint").asText()).isEqualTo("Dockerfile");
        assertThat(v02.at("/materials/0/uri").asText()).startsWith("pkg:docker/");
    }
}
