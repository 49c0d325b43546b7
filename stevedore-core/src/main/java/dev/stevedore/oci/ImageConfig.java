package dev.stevedore.oci;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * An image configuration blob (OCI {@code application/vnd.oci.image.config.v1+json} or
 * Docker's {@code application/vnd.docker.container.image.v1+json}): the platform, the run
 * configuration, the layers' diff ids and the history. Its digest is the image id.
 *
 * <p>Immutable, with {@code with} methods for the build engine, which changes a config step by
 * step: a step that makes a layer calls {@link #withLayer}, one that only changes the config
 * {@link #withHistory} with an empty-layer entry. Empty strings and lists mean "not set".
 *
 * @param osVersion  {@code os.version}, used by Windows images
 * @param osFeatures {@code os.features}, used by Windows images
 * @param history    one entry per step; as many non-empty entries as diff ids
 */
public record ImageConfig(
        Optional<Instant> created,
        String author,
        String architecture,
        String os,
        String osVersion,
        List<String> osFeatures,
        String variant,
        ContainerConfig config,
        RootFs rootfs,
        List<History> history) {

    public ImageConfig {
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(osVersion, "osVersion");
        osFeatures = List.copyOf(osFeatures);
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(rootfs, "rootfs");
        history = List.copyOf(history);
    }

    /** The config of an image with no layers and nothing set (what {@code docker import} makes). */
    public static ImageConfig scratch(Platform platform) {
        return new ImageConfig(Optional.empty(), "", platform.architecture(), platform.os(),
                platform.osVersion().orElse(""), platform.osFeatures(), platform.variant().orElse(""),
                ContainerConfig.EMPTY, RootFs.of(List.of()), List.of());
    }

    /**
     * What a {@code FROM scratch} stage starts from: BuildKit's empty image, no layers, the
     * platform's default {@code PATH} and the working directory {@code /}, so that the config of a
     * {@code FROM scratch} image is the one BuildKit writes.
     */
    public static ImageConfig emptyStage(Platform platform) {
        ImageConfig empty = scratch(platform);
        return empty.withConfig(c -> c.withEnv(List.of("PATH=" + defaultPath(platform.os()))).withWorkingDir("/"));
    }

    /** The {@code PATH} a container of {@code os} gets when its image sets none (Docker's and BuildKit's). */
    public static String defaultPath(String os) {
        return os.equals("windows") ? "c:\\Windows\\System32;c:\\Windows"
                : "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    }

    /** The platform this image is for. */
    public Platform platform() {
        return new Platform(os, architecture, nonEmpty(variant), nonEmpty(osVersion), osFeatures);
    }

    public ImageConfig withPlatform(Platform p) {
        return new ImageConfig(created, author, p.architecture(), p.os(), p.osVersion().orElse(""), p.osFeatures(),
                p.variant().orElse(""), config, rootfs, history);
    }

    public ImageConfig withCreated(Instant created) {
        return new ImageConfig(Optional.of(created), author, architecture, os, osVersion, osFeatures, variant, config,
                rootfs, history);
    }

    public ImageConfig withAuthor(String author) {
        return new ImageConfig(created, author, architecture, os, osVersion, osFeatures, variant, config, rootfs,
                history);
    }

    /** The config with its run configuration changed by {@code change}. */
    public ImageConfig withConfig(UnaryOperator<ContainerConfig> change) {
        return new ImageConfig(created, author, architecture, os, osVersion, osFeatures, variant,
                change.apply(config), rootfs, history);
    }

    public ImageConfig withEnv(String name, String value) {
        return withConfig(c -> c.withEnv(name, value));
    }

    public ImageConfig withCmd(List<String> cmd) {
        return withConfig(c -> c.withCmd(cmd));
    }

    public ImageConfig withEntrypoint(List<String> entrypoint) {
        return withConfig(c -> c.withEntrypoint(entrypoint));
    }

    public ImageConfig withUser(String user) {
        return withConfig(c -> c.withUser(user));
    }

    public ImageConfig withWorkingDir(String workingDir) {
        return withConfig(c -> c.withWorkingDir(workingDir));
    }

    public ImageConfig withLabel(String key, String value) {
        return withConfig(c -> c.withLabel(key, value));
    }

    /** One more layer on top: its diff id in {@code rootfs} and its step in the history. */
    public ImageConfig withLayer(Digest diffId, History step) {
        return new ImageConfig(created, author, architecture, os, osVersion, osFeatures, variant, config,
                rootfs.plus(diffId), plus(history, step));
    }

    /** One more history entry, normally an {@linkplain History#emptyLayer empty-layer} step. */
    public ImageConfig withHistory(History step) {
        return new ImageConfig(created, author, architecture, os, osVersion, osFeatures, variant, config, rootfs,
                plus(history, step));
    }

    /** The config with {@code history} in place of its history (the same steps, dated). */
    public ImageConfig withHistory(List<History> history) {
        return new ImageConfig(created, author, architecture, os, osVersion, osFeatures, variant, config, rootfs,
                history);
    }

    private static List<History> plus(List<History> list, History h) {
        List<History> copy = new ArrayList<>(list);
        copy.add(h);
        return copy;
    }

    private static Optional<String> nonEmpty(String s) {
        return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }
}
