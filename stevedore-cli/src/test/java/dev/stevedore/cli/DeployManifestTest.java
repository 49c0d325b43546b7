package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stevedore.testing.Prerequisites;
import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code deploy/kubernetes/job.yaml} and the root {@code Dockerfile} agree with each other and
 * with the CLI: the Job's arguments parse as a {@code stevedore build}, its user is the image's,
 * and its securityContext is the one rootless mode needs (explained in the file).
 */
class DeployManifestTest {

    private static final Path REPOSITORY = repository();

    @Test
    void theJobsCommandIsABuildTheCliAccepts() throws Exception {
        JsonNode container = job().at("/spec/template/spec/containers/0");
        List<String> args = new ArrayList<>();
        container.path("args").forEach(a -> args.add(a.asText()));
        assertThat(container.has("command")).as("the image's entrypoint runs Stevedore").isFalse();
        assertThat(Files.readString(REPOSITORY.resolve("Dockerfile")))
                .contains("ENTRYPOINT [\"java\", \"--enable-native-access=ALL-UNNAMED\", \"-jar\", \"/opt/stevedore/stevedore.jar\"]");

        String[] argv = args.toArray(String[]::new);
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        StevedoreCommand root = new StevedoreCommand(Invocation.ofProcess(new ByteArrayInputStream(new byte[0]), quiet, quiet));
        CommandLine.ParseResult parsed = Cli.commandLine(root, Subcommands.neededFor(argv)).parseArgs(argv);
        CommandLine.ParseResult build = parsed.subcommand();
        assertThat(build.commandSpec().name()).isEqualTo("build");
        assertThat(build.hasMatchedOption("--push")).isTrue();
        assertThat(build.hasMatchedOption("--cache-from")).isTrue();
        assertThat(build.hasMatchedOption("--cache-to")).isTrue();
        // RUN on the pod's network: the private one needs slirp4netns and /dev/net/tun (examples/selfimage.sh)
        assertThat(build.matchedOption("--network").stringValues()).containsExactly("host");
        assertThat(build.matchedPositionals()).hasSize(1);
        assertThat(build.matchedPositionals().getFirst().<String>getValue()).startsWith("https://").contains(".git#");
    }

    @Test
    void theJobRunsAsTheImagesUserWithTheSecurityContextRootlessModeNeeds() throws Exception {
        JsonNode spec = job().at("/spec/template/spec");
        JsonNode security = spec.at("/containers/0/securityContext");
        assertThat(security.path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(security.path("runAsUser").asInt()).isEqualTo(1000);
        assertThat(Files.readString(REPOSITORY.resolve("Dockerfile")))
                .contains("useradd --create-home --uid 1000 --user-group stevedore", "USER stevedore",
                        "echo \"stevedore:100000:65536\" > /etc/subuid");
        assertThat(security.at("/capabilities/drop/0").asText()).isEqualTo("ALL");
        assertThat(security.at("/capabilities/add").toString()).isEqualTo("[\"SETUID\",\"SETGID\",\"SETFCAP\"]");
        assertThat(Files.readString(REPOSITORY.resolve("Dockerfile")))
                .contains("setcap cap_setuid,cap_setfcap+ep /usr/bin/newuidmap && setcap cap_setgid+ep /usr/bin/newgidmap");
        assertThat(security.path("privileged").asBoolean(false)).isFalse();
        assertThat(security.at("/seccompProfile/type").asText()).isEqualTo("Unconfined");
        // what examples/selfimage.sh's rootless pod has too: newuidmap's setuid bit works, a fresh /proc mounts
        assertThat(security.path("allowPrivilegeEscalation").asBoolean(false)).isTrue();
        assertThat(security.path("procMount").asText()).isEqualTo("Unmasked");

        // the store is on the emptyDir volume
        JsonNode env = spec.at("/containers/0/env/0");
        assertThat(env.path("name").asText()).isEqualTo("XDG_DATA_HOME");
        assertThat(spec.at("/containers/0/volumeMounts/0/mountPath").asText()).isEqualTo(env.path("value").asText());
    }

    @Test
    void stevedoresDockerfileParses() {
        CliRun run = CliRun.run("", "parse", "-f", REPOSITORY.resolve("Dockerfile").toString());
        assertThat(run.code()).as(run.err()).isZero();
    }

    /** The manifest, read by Debian's python3-yaml (no YAML library is a dependency of ours) into JSON. */
    private static JsonNode job() throws Exception {
        Prerequisites.tool("python3");
        Process p = new ProcessBuilder("/usr/bin/python3", "-c",
                "import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))",
                REPOSITORY.resolve("deploy/kubernetes/job.yaml").toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        JsonNode job = new ObjectMapper().readTree(out);
        assertThat(job.path("kind").asText()).isEqualTo("Job");
        return job;
    }

    private static Path repository() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("deploy/kubernetes/job.yaml"))) {
                return p;
            }
        }
        throw new IllegalStateException("no deploy/kubernetes/job.yaml above " + Path.of("").toAbsolutePath());
    }
}
