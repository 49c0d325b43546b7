package dev.stevedore.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stevedore.api.images.Images;
import dev.stevedore.api.run.ImageRunner;
import dev.stevedore.api.run.RunRequest;
import dev.stevedore.testing.BusyboxImage;
import dev.stevedore.testing.Prerequisites;
import dev.stevedore.testing.TestRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The plugin in real Maven builds of src/it's sample projects; each checks the image it made in
 * the store (its files as umoci unpacks them, its config, that it runs) or in the registry.
 */
class StevedorePluginIT {

    @BeforeEach
    void needs() {
        // -Dtest=...IT also selects this class in the test phase, before the plugin is packaged
        assumeTrue(System.getProperty("stevedore.it.work") != null,
                "runs in the integration-test phase, once the plugin is installed for the sample projects");
        BusyboxImage.assumeRunnable();
        Prerequisites.tool("umoci");
    }

    @Test
    void buildsAMultiStageDockerfileAtPackageAndSetsTheImageProperties() throws Exception {
        SampleProject project = SampleProject.copy("multi-stage", "multi-stage");
        String log = project.mvn("package");
        // progress at INFO, the report, the image named after the project
        assertThat(log).contains("[INFO] #").contains("RUN mkdir /out").contains("DONE")
                .contains("stage builder: from busybox:latest").contains("stage stage-1 (target)");
        assertThat(run(project, "multi-stage:1.0")).isEqualTo("hello, Maven\n");
        Path rootfs = unpack(project, "docker.io/library/multi-stage:1.0");
        assertThat(rootfs.resolve("app/greeting")).hasContent("hello, Maven");
        assertThat(rootfs.resolve("src")).doesNotExist(); // the builder stage's files stayed out
        // the second execution saw stevedore.image.id of the first, as any later plugin would
        String firstId = Images.open(Optional.of(project.store.toString())).resolve("multi-stage:1.0").id().toString();
        assertThat(labels(project, "multi-stage-follow-up:1.0").path("base-image").asText()).isEqualTo(firstId);
        assertThat(log).contains("image " + firstId + " tagged docker.io/library/multi-stage:1.0");
    }

    @Test
    void skipBuildsNothing() throws Exception {
        SampleProject project = SampleProject.copy("multi-stage", "skip");
        String log = project.mvn("package", "-Dstevedore.skip");
        assertThat(log).contains("Skipping build: stevedore.skip is set");
        assertThat(Images.open(Optional.of(project.store.toString())).list())
                .allSatisfy(image -> assertThat(image.toString()).doesNotContain("multi-stage"));
        assertThat(Images.open(Optional.of(project.store.toString())).list()).hasSize(1); // busybox alone
    }

    @Test
    void copiesTheFatJarMavenMadeFromTarget() throws Exception {
        SampleProject project = SampleProject.copy("fat-jar", "fat-jar");
        project.mvn("package");
        Path jar = unpack(project, "docker.io/library/fat-jar:1.0").resolve("app/fat-jar-1.0.jar");
        assertThat(jar).isRegularFile();
        try (JarFile file = new JarFile(jar.toFile())) {
            assertThat(file.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo("hello.Main");
            assertThat(file.getEntry("picocli/CommandLine.class")).as("the dependency, shaded in").isNotNull();
        }
        // the jar in the image is the one Maven made, and it runs
        Process java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar.toString()).redirectErrorStream(true).start();
        assertThat(new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .startsWith("Hello from a fat jar, with picocli 4.7.7");
        assertThat(java.waitFor()).isZero();
    }

    @Test
    void lintFailsTheBuildAtValidateOnCheckErrors() throws Exception {
        SampleProject project = SampleProject.copy("lint-fails", "lint-fails");
        String log = project.mvnFailing("package");
        assertThat(log).contains("[WARNING] Dockerfile:2: FromAsCasing")
                .contains("Dockerfile: lint violation found for rules: FromAsCasing")
                .doesNotContain("stevedore-maven-plugin:" + System.getProperty("stevedore.it.pluginVersion") + ":build");
        assertThat(Images.open(Optional.of(project.store.toString())).list()).hasSize(1);
    }

    @Test
    void buildArgsLabelsAndATargetStage() throws Exception {
        SampleProject project = SampleProject.copy("args-target", "args-target");
        project.mvn("package");
        Path rootfs = unpack(project, "docker.io/library/args-target:tested");
        assertThat(rootfs.resolve("greeting")).hasContent("hello from a build arg");
        assertThat(rootfs.resolve("tested")).hasContent("tested");
        assertThat(rootfs.resolve("release")).doesNotExist();
        assertThat(labels(project, "args-target:tested").path("org.opencontainers.image.title").asText())
                .isEqualTo("args-target");
        assertThat(run(project, "args-target:tested", "cat", "/greeting")).isEqualTo("hello from a build arg\n");
    }

    @Test
    void aFailingStepIsShownInTheFailure() throws Exception {
        SampleProject project = SampleProject.copy("args-target", "failing-step");
        String log = project.mvnFailing("package", "-Dimage.target=broken");
        assertThat(log).contains("failed to build: Dockerfile:9: process \"/bin/sh -c echo \"about to fail\" && exit 3\""
                        + " did not complete successfully: exit code: 3")
                .contains(" > [broken 2/2] RUN echo \"about to fail\" && exit 3:")
                .contains("about to fail")
                .contains(">>> RUN echo \"about to fail\" && exit 3");
    }

    @Test
    void saysWhatIsMissingWithoutRunc() throws Exception {
        SampleProject project = SampleProject.copy("args-target", "no-runc");
        String log = project.env("PATH", pathWithout(project.dir.resolveSibling("bin"), "runc", "crun").toString())
                .mvnFailing("package");
        assertThat(log).contains("RUN needs runc or crun: install one (apt-get install runc)");
    }

    @Test
    void pushesAtDeployWithSettingsXmlCredentialsMavenDecrypts() throws Exception {
        Prerequisites.tool("skopeo");
        try (TestRegistry registry = TestRegistry.startBasic("maven", "s3cret")) {
            SampleProject project = SampleProject.copy("multi-stage", "push");
            String host = registry.host();
            String tag = host + "/it/multi-stage:1.0";
            project.server(host, "maven", encrypted(project, "s3cret"));
            String log = project.mvn("deploy", "-Dmaven.deploy.skip", "-Dmaven.install.skip", "-Dstevedore.tags=" + tag,
                    "-Dsettings.security=" + project.dir.resolve("settings-security.xml"));
            assertThat(log).contains("pushed " + tag + "@sha256:");
            Process skopeo = new ProcessBuilder("skopeo", "inspect", "--tls-verify=false", "--creds", "maven:s3cret",
                    "--raw", "docker://" + tag).redirectErrorStream(true).start();
            byte[] manifest = skopeo.getInputStream().readAllBytes();
            assertThat(skopeo.waitFor()).as(new String(manifest, StandardCharsets.UTF_8)).isZero();
            // the digest the registry has: the pushed form (layers compressed for it), not the store's manifest
            String digest = "sha256:" + java.util.HexFormat.of().formatHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest(manifest));
            assertThat(log).contains("pushed " + tag + "@" + digest);
        }
    }

    /** {@code password} encrypted as {@code mvn --encrypt-password} does, under a master password of the project's own. */
    private static String encrypted(SampleProject project, String password) throws IOException {
        String master = cipherText(project.mvn("--encrypt-master-password", "masterOfTheTests"));
        Files.writeString(project.dir.resolve("settings-security.xml"),
                "<settingsSecurity><master>" + master + "</master></settingsSecurity>");
        String encrypted = cipherText(project.mvn("--encrypt-password", password,
                "-Dsettings.security=" + project.dir.resolve("settings-security.xml")));
        assertThat(encrypted).startsWith("{").endsWith("}").doesNotContain(password);
        return encrypted;
    }

    /** The {@code {...}} line Maven prints for {@code --encrypt-password}. */
    private static String cipherText(String log) {
        return log.lines().map(String::strip).filter(l -> l.matches("\\{[A-Za-z0-9+/=]+\\}")).findFirst()
                .orElseThrow(() -> new AssertionError("no {...} in " + log));
    }

    /** A directory of links to every program of the PATH but {@code missing}. */
    private static Path pathWithout(Path dir, String... missing) throws IOException {
        Files.createDirectories(dir);
        for (String entry : System.getenv("PATH").split(":")) {
            Path bin = Path.of(entry);
            if (!Files.isDirectory(bin)) {
                continue;
            }
            try (var programs = Files.list(bin)) {
                for (Path program : programs.toList()) {
                    Path link = dir.resolve(program.getFileName().toString());
                    if (!List.of(missing).contains(program.getFileName().toString()) && !Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                        Files.createSymbolicLink(link, program);
                    }
                }
            }
        }
        return dir;
    }

    /** What the image prints when run (its CMD, or {@code command}). */
    private static String run(SampleProject project, String image, String... command) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = ImageRunner.open(Optional.of(project.store.toString())).run(RunRequest.of(image, command),
                (stream, line) -> {
                    synchronized (out) {
                        out.writeBytes((line + "\n").getBytes(StandardCharsets.UTF_8));
                    }
                });
        assertThat(code).as(out.toString(StandardCharsets.UTF_8)).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The image's root filesystem as umoci unpacks it from the store's OCI layout. */
    private static Path unpack(SampleProject project, String reference) throws Exception {
        Path bundle = project.dir.getParent().resolve("unpacked-" + reference.replaceAll("[^a-z0-9.-]", "_"));
        Process umoci = new ProcessBuilder("umoci", "unpack", "--image", project.store.resolve("oci") + ":" + reference,
                bundle.toString()).redirectErrorStream(true).start();
        String out = new String(umoci.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(umoci.waitFor()).as(out).isZero();
        return bundle.resolve("rootfs");
    }

    private static JsonNode labels(SampleProject project, String image) throws IOException {
        String inspect = Images.open(Optional.of(project.store.toString())).inspect(List.of(image));
        return new ObjectMapper().readTree(inspect).get(0).path("Config").path("Labels");
    }
}
