package dev.stevedore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stevedore.testing.Prerequisites;
import dev.stevedore.testing.TestRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code build --push/--pull/-o/--registry-mirror/--insecure-registry}. */
class BuildRegistryFlagsTest {

    @TempDir
    Path dir;

    @Test
    void aBadOutputIsRefusedBeforeBuilding() throws Exception {
        Path context = Files.createDirectories(dir.resolve("ctx"));
        Files.writeString(context.resolve("Dockerfile"), "FROM scratch\n");
        CliRun run = CliRun.run("", "build", "--root", dir.resolve("store").toString(), "-o", "type=bogus,dest=x",
                context.toString());
        assertThat(run.code()).isNotZero();
        assertThat(run.err()).contains("invalid --output \"type=bogus,dest=x\": unknown type \"bogus\"");
    }

    @Test
    void pushWithoutATagIsRefused() throws Exception {
        Prerequisites.root();
        Path context = Files.createDirectories(dir.resolve("ctx"));
        Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nENV A=1\n");
        CliRun run = CliRun.run("", "build", "--root", dir.resolve("store").toString(), "--push", context.toString());
        assertThat(run.code()).isNotZero();
        assertThat(run.err()).contains("--push needs a name to push to: add -t REGISTRY/NAME:TAG");
    }

    @Test
    void pushesExportsAndPrintsThePushedDigest() throws Exception {
        Prerequisites.root();
        try (TestRegistry registry = TestRegistry.start()) {
            Path context = Files.createDirectories(dir.resolve("ctx"));
            Files.writeString(context.resolve("hello.txt"), "hi\n");
            Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nCOPY hello.txt /\n");
            Path out = dir.resolve("out");
            String tag = registry.host() + "/app:1";
            CliRun run = CliRun.run("", "build", "--root", dir.resolve("store").toString(), "--pull", "--push",
                    "-t", tag, "-o", out.toString(), "--output", "type=oci,dest=" + dir.resolve("x.tar"),
                    "--insecure-registry", registry.host(), "--registry-mirror", "http://" + registry.host(),
                    context.toString());
            assertThat(run.code()).as(run.err()).isZero();
            assertThat(out.resolve("hello.txt")).hasContent("hi");
            assertThat(dir.resolve("x.tar")).isNotEmptyFile();
            Matcher m = Pattern.compile("pushed " + Pattern.quote(tag) + "@(sha256:[0-9a-f]{64})").matcher(run.err());
            assertThat(m.find()).as(run.err()).isTrue();
            Process p = new ProcessBuilder("skopeo", "inspect", "--tls-verify=false", "docker://" + tag)
                    .redirectErrorStream(true).start();
            String inspect = new String(p.getInputStream().readAllBytes());
            p.waitFor(60, TimeUnit.SECONDS);
            assertThat(new ObjectMapper().readTree(inspect).path("Digest").asText()).isEqualTo(m.group(1));
        }
    }

    @Test
    void aMirrorThatIsNoUrlIsRefused() throws Exception {
        Path context = Files.createDirectories(dir.resolve("ctx"));
        Files.writeString(context.resolve("Dockerfile"), "FROM scratch\n");
        CliRun run = CliRun.run("", "build", "--root", dir.resolve("store").toString(), "--registry-mirror", "::",
                context.toString());
        assertThat(run.code()).isNotZero();
        assertThat(run.err()).contains("registry mirror \"::\" is not a URL");
    }
}
