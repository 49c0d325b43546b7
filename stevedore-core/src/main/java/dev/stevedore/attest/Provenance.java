package dev.stevedore.attest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stevedore.exec.ResolvedBase;
import dev.stevedore.oci.Digest;
import dev.stevedore.oci.ImageReference;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * The provenance predicate, shaped as BuildKit's: SLSA v1 ({@code https://slsa.dev/provenance/v1})
 * by default, SLSA v0.2 on request. Both carry the same facts: the builder, the Dockerfile's path
 * and digest, a git context's URL and commit, every base image by digest and platform, and the
 * (clamped) start and finish; {@link ProvenanceMode#MAX} adds the build args with their values,
 * the Dockerfile itself, the stage graph and the ids of the secrets given.
 */
public final class Provenance {

    public static final String V1 = "https://slsa.dev/provenance/v1";
    public static final String V02 = "https://slsa.dev/provenance/v0.2";
    /** What this predicate's parameters mean: README, "Attestations". */
    public static final String BUILD_TYPE = "https://github.com/stevedore-dev/stevedore/blob/main/README.md#attestations";
    private static final String FRONTEND = "dockerfile.v0";

    private Provenance() {}

    /** The SLSA v1 predicate. */
    public static ObjectNode v1(BuildFacts facts, ProvenanceMode mode) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode p = mapper.createObjectNode();
        ObjectNode definition = p.putObject("buildDefinition");
        definition.put("buildType", BUILD_TYPE);
        ObjectNode external = definition.putObject("externalParameters");
        external.set("configSource", configSource(facts, "path"));
        external.set("request", request(facts, mode));
        ObjectNode internal = definition.putObject("internalParameters");
        internal.put("builderPlatform", facts.platform().toString());
        if (mode == ProvenanceMode.MAX) {
            internal.set("buildConfig", buildConfig(facts));
        }
        ArrayNode deps = definition.putArray("resolvedDependencies");
        materials(facts, deps);
        ObjectNode run = p.putObject("runDetails");
        ObjectNode builder = run.putObject("builder");
        builder.put("id", facts.builderId());
        builder.putObject("version").put("stevedore", facts.builderVersion());
        ObjectNode metadata = run.putObject("metadata");
        metadata.put("startedOn", time(facts, facts.started()));
        metadata.put("finishedOn", time(facts, facts.finished()));
        return p;
    }

    /** The SLSA v0.2 predicate, as BuildKit's {@code version=v0.2}. */
    public static ObjectNode v02(BuildFacts facts, ProvenanceMode mode) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode p = mapper.createObjectNode();
        p.putObject("builder").put("id", facts.builderId());
        p.put("buildType", BUILD_TYPE);
        ObjectNode invocation = p.putObject("invocation");
        invocation.set("configSource", configSource(facts, "entryPoint"));
        ObjectNode request = request(facts, mode);
        invocation.set("parameters", request);
        invocation.putObject("environment").put("platform", facts.platform().toString());
        if (mode == ProvenanceMode.MAX) {
            p.set("buildConfig", buildConfig(facts));
        }
        ObjectNode metadata = p.putObject("metadata");
        metadata.put("buildStartedOn", time(facts, facts.started()));
        metadata.put("buildFinishedOn", time(facts, facts.finished()));
        ObjectNode completeness = metadata.putObject("completeness");
        completeness.put("parameters", mode == ProvenanceMode.MAX);
        completeness.put("environment", true);
        completeness.put("materials", false);
        metadata.put("reproducible", false);
        materials(facts, p.putArray("materials"));
        return p;
    }

    private static ObjectNode configSource(BuildFacts facts, String pathField) {
        ObjectNode source = new ObjectMapper().createObjectNode();
        facts.context().ifPresent(git -> source.put("uri", git.url()));
        Digest d = facts.dockerfileDigest();
        source.putObject("digest").put(d.algorithm(), d.hex());
        source.put(pathField, facts.dockerfilePath());
        return source;
    }

    /** The frontend and its options; values of build args only in {@code max} mode. */
    private static ObjectNode request(BuildFacts facts, ProvenanceMode mode) {
        ObjectNode request = new ObjectMapper().createObjectNode();
        request.put("frontend", FRONTEND);
        ObjectNode args = request.putObject("args");
        facts.target().ifPresent(t -> args.put("target", t));
        if (mode == ProvenanceMode.MAX) {
            for (Map.Entry<String, String> a : new TreeMap<>(facts.buildArgs()).entrySet()) {
                args.put("build-arg:" + a.getKey(), a.getValue());
            }
            ArrayNode secrets = request.putArray("secrets");
            facts.secretIds().stream().sorted().forEach(id -> secrets.addObject().put("id", id));
        }
        return request;
    }

    /** The Dockerfile (base64, as BuildKit keeps its sources) and the stage graph. */
    private static ObjectNode buildConfig(BuildFacts facts) {
        ObjectNode config = new ObjectMapper().createObjectNode();
        ObjectNode dockerfile = config.putObject("dockerfile");
        dockerfile.put("path", facts.dockerfilePath());
        dockerfile.put("data", Base64.getEncoder().encodeToString(facts.dockerfile()));
        ArrayNode stages = config.putArray("stages");
        for (BuildFacts.StageNode s : facts.stages()) {
            ObjectNode n = stages.addObject();
            n.put("index", s.index());
            n.put("name", s.name());
            n.put("base", s.base());
            ArrayNode deps = n.putArray("dependsOn");
            s.dependsOn().forEach(deps::add);
            n.put("target", s.target());
        }
        return config;
    }

    /** Base images by digest and platform, and a git context by its commit. */
    private static void materials(BuildFacts facts, ArrayNode into) {
        for (ResolvedBase base : facts.bases()) {
            ObjectNode m = into.addObject();
            m.put("uri", DockerPurl.of(ImageReference.parse(base.reference()), base.platform()));
            m.putObject("digest").put(base.manifest().algorithm(), base.manifest().hex());
        }
        facts.context().ifPresent(git -> {
            ObjectNode m = into.addObject();
            m.put("uri", git.url());
            m.putObject("digest").put("sha1", git.commit());
        });
    }

    private static String time(BuildFacts facts, Instant t) {
        return facts.clamp(t).truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
