package dev.stevedore.maven;

import dev.stevedore.api.Distribution;
import java.io.File;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/** What the goals share: the Dockerfile and its context, the image's names, registries, and skip. */
abstract class StevedoreMojo extends AbstractMojo {

    /** The Dockerfile. */
    @Parameter(property = "stevedore.dockerfile", defaultValue = "${project.basedir}/Dockerfile")
    File dockerfile;

    /** The build context: the directory COPY and ADD read from. */
    @Parameter(property = "stevedore.contextDirectory", defaultValue = "${project.basedir}")
    File contextDirectory;

    /** The image's names; {@code ${project.artifactId}:${project.version}} (in lower case) when none is given. */
    @Parameter(property = "stevedore.tags")
    List<String> tags;

    /** Docker Hub mirrors (URLs, e.g. {@code http://127.0.0.1:5000}), tried in order. */
    @Parameter(property = "stevedore.registryMirrors")
    List<String> registryMirrors;

    /** Registries ({@code host[:port]}) reachable over plain http; loopback addresses always are. */
    @Parameter(property = "stevedore.insecureRegistries")
    List<String> insecureRegistries;

    /** Skips the goal (also {@code -Dstevedore.skip}). */
    @Parameter(property = "stevedore.skip", defaultValue = "false")
    boolean skip;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    MavenProject project;

    @Parameter(defaultValue = "${settings}", readonly = true, required = true)
    Settings settings;

    @Component
    SettingsDecrypter decrypter;

    /** {@link #tags}, or the project's coordinates as an image name. */
    List<String> tagsOrDefault() {
        if (tags != null && !tags.isEmpty()) {
            return List.copyOf(tags);
        }
        return List.of((project.getArtifactId() + ":" + project.getVersion()).toLowerCase(Locale.ROOT));
    }

    /** A map parameter as given; an empty element ({@code <NAME/>}) is an empty value, as Maven hands it over as null. */
    static Map<String, String> values(Map<String, String> given) {
        Map<String, String> out = new LinkedHashMap<>();
        if (given != null) {
            given.forEach((k, v) -> out.put(k, v == null ? "" : v));
        }
        return out;
    }

    /** Registries as configured, with the credentials of settings.xml asked before Docker's config. */
    Distribution distribution() throws MojoFailureException {
        return Distribution.defaults()
                .withRegistryMirrors(registryMirrors == null ? List.of() : registryMirrors)
                .withInsecureRegistries(insecureRegistries == null ? List.of() : insecureRegistries)
                .withCredentials(SettingsCredentials.of(settings, decrypter));
    }

    /** True, having said so, when the goal is to be skipped. */
    boolean skipped() {
        if (skip) {
            getLog().info("Skipping " + getClass().getSimpleName().replace("Mojo", "").toLowerCase(Locale.ROOT)
                    + ": stevedore.skip is set");
        }
        return skip;
    }
}
