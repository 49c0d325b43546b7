package dev.stevedore.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stevedore.exec.LayerRef;
import dev.stevedore.exec.StageResult;
import dev.stevedore.oci.Descriptor;
import dev.stevedore.oci.Digest;
import dev.stevedore.oci.MediaType;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The JSON shape of docs/report.md, field by field. */
class ReportJsonTest {

    private static final Digest ID = Digest.sha256("config".getBytes());
    private static final Digest LAYER = Digest.sha256("layer".getBytes());

    @Test
    void imageReport() throws Exception {
        JsonNode json = new ObjectMapper().readTree(ReportJson.write(image()));
        assertThat(json).isEqualTo(new ObjectMapper().readTree("""
                {"version": 1, "id": "%s", "size": 1000, "compressedSize": 400,
                 "layers": [{"number": 1, "digest": "%s", "createdBy": "RUN make", "size": 1000, "compressedSize": 400}],
                 "findings": [
                   {"kind": "duplicated", "layer": 1, "createdBy": "RUN make", "files": 2, "wastedBytes": 30,
                    "examples": ["/a", "/b"]},
                   {"kind": "buildTool", "tool": "gcc", "toolKind": "compiler", "path": "/usr/bin/gcc", "files": 1,
                    "bytes": 9},
                   {"kind": "buildTool", "tool": "npm cache", "toolKind": "cache", "path": "/root/.npm", "files": 3,
                    "bytes": 12},
                   {"kind": "secretFile", "what": "SSH private key", "path": "/root/.ssh/id_rsa", "layer": 1},
                   {"kind": "secretEnv", "name": "DB_PASSWORD"}]}
                """.formatted(ID, LAYER)));
    }

    @Test
    void buildReport() throws Exception {
        StageResult builder = new StageResult(0, "builder", "golang:1.23", List.of(layer()), Duration.ofMillis(3912), 4,
                1, false);
        StageResult runtime = new StageResult(1, "stage-1", "scratch", List.of(layer()), Duration.ofMillis(20), 2, 0,
                true);
        BuildReport report = new BuildReport(List.of(new StageReport(builder, new Size(846_000_000, OptionalLong.of(300_000_000))),
                new StageReport(runtime, new Size(1000, OptionalLong.of(400)))), image(),
                Optional.of(new Saving("builder", 846_000_000, 14_200_000)),
                List.of(new PackageView("builder", 412, List.of("gcc-12", "golang-go"), 3)));
        JsonNode json = new ObjectMapper().readTree(ReportJson.write(report));
        assertThat(json.get("version").asInt()).isEqualTo(1);
        assertThat(json.get("stages").get(0)).isEqualTo(new ObjectMapper().readTree("""
                {"index": 0, "name": "builder", "base": "golang:1.23", "target": false, "size": 846000000,
                 "compressedSize": 300000000, "seconds": 3.912, "steps": 4, "cached": 1}
                """));
        assertThat(json.get("stages").get(1).get("target").asBoolean()).isTrue();
        assertThat(json.get("image").get("id").asText()).isEqualTo(ID.toString());
        assertThat(json.get("image").has("version")).isFalse();
        assertThat(json.get("saving")).isEqualTo(new ObjectMapper().readTree("""
                {"stage": "builder", "stageSize": 846000000, "imageSize": 14200000, "keptOutPercent": 98.3}
                """));
        assertThat(json.get("packages")).isEqualTo(new ObjectMapper().readTree("""
                [{"stage": "builder", "stagePackages": 412, "imagePackages": 3, "leftOut": ["gcc-12", "golang-go"]}]
                """));
        BuildReport alone = new BuildReport(List.of(), image(), Optional.empty());
        assertThat(new ObjectMapper().readTree(ReportJson.write(alone)).get("packages")).isEmpty();
        assertThat(new ObjectMapper().readTree(ReportJson.write(alone)).get("saving").isNull()).isTrue();
    }

    private static ImageReport image() {
        return new ImageReport(ID, new Size(1000, OptionalLong.of(400)), List.of(new LayerReport(1, LAYER, "RUN make", new Size(1000, OptionalLong.of(400)))),
                List.of(new Finding.Duplicated(1, "RUN make", 2, 30, List.of("/a", "/b")),
                        new Finding.BuildTool("gcc", Finding.ToolKind.COMPILER, "/usr/bin/gcc", 1, 9),
                        new Finding.BuildTool("npm cache", Finding.ToolKind.CACHE, "/root/.npm", 3, 12),
                        new Finding.SecretFile("SSH private key", "/root/.ssh/id_rsa", 1),
                        new Finding.SecretEnv("DB_PASSWORD")));
    }

    private static LayerRef layer() {
        return new LayerRef(new Descriptor(MediaType.OCI_LAYER_GZIP, LAYER, 400), LAYER);
    }
}
