package dev.stevedore.maven;

import dev.stevedore.store.Store;
import dev.stevedore.store.StoreRoot;
import dev.stevedore.testing.BusyboxImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.maven.shared.verifier.VerificationException;
import org.apache.maven.shared.verifier.Verifier;

/**
 * One of src/it's sample projects, copied afresh under target/it with the plugin's version put in,
 * built by a real Maven (forked, Debian's or the one running this build) whose only repositories
 * are the tests' own local one (the plugin, the core and their dependencies, installed by
 * maven-invoker-plugin:install) and this machine's local repository as a mirror of everything
 * else: no network. Each has a store of its own with {@code busybox} in it.
 */
final class SampleProject {

    private static final String PLUGIN_VERSION = property("stevedore.it.pluginVersion");

    final Path dir;
    final Path store;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<String> servers = new ArrayList<>();

    private SampleProject(Path dir, Path store) {
        this.dir = dir;
        this.store = store;
    }

    /** A fresh copy of src/it/{@code name} as {@code run}, with its store. */
    static SampleProject copy(String name, String run) throws IOException {
        Path source = Path.of(property("stevedore.it.projects"), name);
        Path work = Path.of(property("stevedore.it.work"), run);
        delete(work);
        Path dir = work.resolve("project");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path from : files.toList()) {
                Path to = dir.resolve(source.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        Path pom = dir.resolve("pom.xml");
        Files.writeString(pom, Files.readString(pom).replace("@stevedore.version@", PLUGIN_VERSION));
        Path store = work.resolve("store");
        BusyboxImage.create(Store.open(new StoreRoot(store)), work.resolve("busybox"), BusyboxImage.NAME);
        return new SampleProject(dir, store);
    }

    /** Sets an environment variable of the Maven run. */
    SampleProject env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** A {@code <server>} of the run's settings.xml. */
    SampleProject server(String id, String username, String password) {
        servers.add("<server><id>" + id + "</id><username>" + username + "</username><password>" + password
                + "</password></server>");
        return this;
    }

    /** Runs Maven with {@code args}; throws when it fails, its log in the message. */
    String mvn(String... args) throws IOException {
        Maven run = start(args);
        if (!run.succeeded()) {
            throw new AssertionError("mvn " + String.join(" ", args) + " failed:\n" + run.log());
        }
        return run.log();
    }

    /** Runs Maven with {@code args}, expecting it to fail; returns its log. */
    String mvnFailing(String... args) throws IOException {
        Maven run = start(args);
        if (run.succeeded()) {
            throw new AssertionError("mvn " + String.join(" ", args) + " succeeded, expected to fail:\n" + run.log());
        }
        return run.log();
    }

    private record Maven(boolean succeeded, String log) {}

    private Maven start(String... args) throws IOException {
        Path settings = dir.resolve("it-settings.xml");
        // This machine's repository first, then Maven Central: a fresh machine's repository lacks the
        // plugins only a deploy needs (a mirror of everything to it failed there), and a warm one
        // needs no network
        Files.writeString(settings, """
                <settings>
                  <profiles>
                    <profile>
                      <id>this-machine-first</id>
                      <repositories>
                        <repository><id>this-machine</id><url>%1$s</url></repository>
                      </repositories>
                      <pluginRepositories>
                        <pluginRepository><id>this-machine</id><url>%1$s</url></pluginRepository>
                      </pluginRepositories>
                    </profile>
                  </profiles>
                  <activeProfiles><activeProfile>this-machine-first</activeProfile></activeProfiles>
                  <servers>%2$s</servers>
                </settings>
                """.formatted(Path.of(property("stevedore.it.userRepository")).toUri(), String.join("", servers)));
        try {
            Verifier verifier = new Verifier(dir.toString(), null, false, true);
            verifier.setLocalRepo(property("stevedore.it.repository"));
            verifier.setAutoclean(false);
            verifier.setEnvironmentVariable("JAVA_HOME", System.getProperty("java.home"));
            verifier.setEnvironmentVariable("MAVEN_OPTS", "--enable-native-access=ALL-UNNAMED");
            verifier.setEnvironmentVariable(StoreRoot.ENV, store.toString());
            env.forEach(verifier::setEnvironmentVariable);
            verifier.addCliArguments("-s", settings.toString());
            verifier.addCliArguments(args);
            boolean succeeded = true;
            try {
                verifier.execute();
            } catch (VerificationException e) {
                succeeded = false;
            }
            return new Maven(succeeded, Files.readString(dir.resolve(verifier.getLogFileName()), StandardCharsets.UTF_8));
        } catch (VerificationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException(name + " is not set: run the integration tests with Maven (./test.sh)");
        }
        return value;
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
