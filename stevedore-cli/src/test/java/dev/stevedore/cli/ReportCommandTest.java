package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stevedore.api.images.HumanUnits;
import dev.stevedore.store.Store;
import dev.stevedore.oci.Digest;
import dev.stevedore.testing.BusyboxImage;
import dev.stevedore.testing.LayerFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code build --report} and {@code stevedore report}, in-process, on real builds (root, runc, busybox). */
class ReportCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    Path store;
    Path context;

    @BeforeEach
    void setUp() throws IOException {
        BusyboxImage.assumeRunnable();
        store = dir.resolve("store");
        BusyboxImage.create(Store.open(store), dir.resolve("image"), BusyboxImage.NAME);
        context = Files.createDirectories(dir.resolve("ctx"));
        Files.writeString(context.resolve("id_rsa"), "-----BEGIN OPENSSH PRIVATE KEY-----\n");
        Files.writeString(context.resolve("Dockerfile"), """
                FROM busybox AS builder
                RUN /bin/busybox dd if=/dev/urandom of=/big bs=1024 count=2048 && echo built > /out
                FROM busybox
                COPY --from=builder /out /out
                COPY id_rsa /root/.ssh/id_rsa
                ENV API_TOKEN=s3cr3t-value
                """);
    }

    @Test
    void buildReportIsPrintedOnStandardErrorAfterTheProgress() throws IOException {
        CliRun run = CliRun.run("", "build", "--root", store.toString(), "-t", "app:1", "--report", context.toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).matches("sha256:[0-9a-f]{64}\n");
        String err = run.err();
        assertThat(err.indexOf("STAGE ")).isGreaterThan(err.lastIndexOf("DONE"));
        JsonNode json = reportJson();
        JsonNode saving = json.get("saving");
        assertThat(err).contains("final image " + HumanUnits.size(saving.get("imageSize").asLong()) + "; builder stage "
                + HumanUnits.size(saving.get("stageSize").asLong()) + "; multi-stage kept "
                + String.format(Locale.ROOT, "%.1f", 100.0 * (saving.get("stageSize").asLong()
                        - saving.get("imageSize").asLong()) / saving.get("stageSize").asLong()) + "% out");
        assertThat(err).contains("\n\nSTAGE ");
        assertThat(lines(err, "builder ").getFirst()).contains("busybox:latest");
        assertThat(lines(err, "stage-1 (target) ")).hasSize(1);
        assertThat(lines(err, "secret ")).hasSize(2);
        assertThat(err).contains("SSH private key").contains("env API_TOKEN (value not shown)")
                .doesNotContain("s3cr3t-value");
        assertAligned(lines(err, "STAGE ").getFirst(), lines(err, "builder ").getFirst(), "COMPRESSED");
    }

    @Test
    void buildReportAsJson() throws IOException {
        CliRun run = CliRun.run("", "build", "--root", store.toString(), "--report", "--format", "json",
                context.toString());
        assertThat(run.code()).as(run.err()).isZero();
        String err = run.err();
        JsonNode json = JSON.readTree(err.substring(err.indexOf("\n{\n") + 1));
        assertThat(json.get("version").asInt()).isEqualTo(1);
        assertThat(json.get("stages")).hasSize(2);
        JsonNode builder = json.get("stages").get(0);
        assertThat(builder.get("name").asText()).isEqualTo("builder");
        assertThat(builder.get("target").asBoolean()).isFalse();
        assertThat(builder.get("size").asLong()).isGreaterThan(2048 * 1024);
        assertThat(json.get("stages").get(1).get("target").asBoolean()).isTrue();
        assertThat(json.get("image").get("id").asText()).isEqualTo(run.out().strip());
        assertThat(json.get("saving").get("stage").asText()).isEqualTo("builder");
        assertThat(json.get("saving").get("imageSize").asLong()).isEqualTo(json.get("image").get("size").asLong());
        assertThat(err).doesNotContain("s3cr3t-value");
    }

    @Test
    void reportOfAnImageInTheStore() throws IOException {
        assertThat(CliRun.run("", "build", "--root", store.toString(), "-t", "app:1", context.toString()).code()).isZero();
        JsonNode json = reportJson();
        List<String> blobs = new ArrayList<>();
        json.get("image").get("layers").forEach(l -> blobs.add(l.get("digest").asText()));
        assertThat(json.get("image").get("size").asLong()).isEqualTo(regularFileBytes(blobs));
        assertThat(json.get("image").get("layers")).extracting(l -> l.get("createdBy").asText())
                .containsExactly("busybox from the host", "COPY /out /out # buildkit", "COPY id_rsa /root/.ssh/id_rsa # buildkit");
        assertThat(json.get("image").get("findings")).extracting(f -> f.get("kind").asText() + " " + f.path("path").asText()
                + f.path("name").asText()).containsExactly("secretFile /root/.ssh/id_rsa", "secretEnv API_TOKEN");

        CliRun text = CliRun.run("", "--root", store.toString(), "report", "app:1");
        assertThat(text.code()).as(text.err()).isZero();
        JsonNode image = json.get("image");
        assertThat(text.out()).startsWith("IMAGE " + image.get("id").asText().substring(7, 19) + ": "
                + HumanUnits.size(image.get("size").asLong()) + " (" + (image.get("compressedSize").isNull() ? "-"
                        : HumanUnits.size(image.get("compressedSize").asLong()))
                + " compressed), 3 layers\n");
        assertAligned(lines(text.out(), "LAYER ").getFirst(), lines(text.out(), "3 ").getFirst(), "CREATED BY");
        assertThat(lines(text.out(), "3 ").getFirst()).endsWith("COPY id_rsa /root/.ssh/id_rsa # buildkit");
    }

    @Test
    void formatWithoutReportIsAUsageErrorAndAnUnknownImageOneSentence() {
        CliRun run = CliRun.run("", "build", "--format", "json", context.toString());
        assertThat(run.code()).isEqualTo(Cli.USAGE);
        assertThat(run.err()).contains("--format is the format of --report: add --report");
        CliRun missing = CliRun.run("", "--root", store.toString(), "report", "nothing:here");
        assertThat(missing.code()).isEqualTo(Cli.FAILED);
        assertThat(missing.err()).isEqualTo("ERROR: No such image: nothing:here\n");
    }

    /** {@code stevedore report --format json app:1}, parsed, wrapped as the build report wraps it. */
    private JsonNode reportJson() throws IOException {
        CliRun run = CliRun.run("", "--root", store.toString(), "report", "--format", "json", "app:1");
        assertThat(run.code()).as(run.err()).isZero();
        JsonNode image = JSON.readTree(run.out());
        assertThat(image.get("version").asInt()).isEqualTo(1);
        CliRun build = CliRun.run("", "build", "--root", store.toString(), "-t", "app:1", "--report", "--format", "json",
                context.toString());
        String err = build.err();
        JsonNode report = JSON.readTree(err.substring(err.indexOf("\n{\n") + 1));
        assertThat(report.get("image").get("size")).isEqualTo(image.get("size"));
        return report;
    }

    private long regularFileBytes(List<String> blobs) throws IOException {
        long total = 0;
        for (String digest : blobs) {
            total += LayerFiles.regularFileBytes(Store.open(store), Digest.parse(digest));
        }
        return total;
    }

    private static List<String> lines(String text, String prefix) {
        return text.lines().filter(l -> l.startsWith(prefix)).toList();
    }

    /** The cell under {@code column} starts where the header's does. */
    private static void assertAligned(String header, String row, String column) {
        int at = header.indexOf(column);
        assertThat(at).isPositive();
        assertThat(row.charAt(at - 1)).as(row).isEqualTo(' ');
        assertThat(row.charAt(at)).as(row).isNotEqualTo(' ');
    }
}
