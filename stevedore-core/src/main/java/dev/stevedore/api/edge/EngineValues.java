package dev.stevedore.api.edge;

import dev.stevedore.api.BuiltStage;
import dev.stevedore.api.Distribution;
import dev.stevedore.api.CheckFinding;
import dev.stevedore.api.NetworkMode;
import dev.stevedore.api.PushedImage;
import dev.stevedore.api.RegistryCredentials;
import dev.stevedore.api.Secret;
import dev.stevedore.api.SharedCache;
import dev.stevedore.api.SshAgent;
import dev.stevedore.api.images.ImagePackage;
import dev.stevedore.cache.CacheExchange;
import dev.stevedore.exec.LayerRef;
import dev.stevedore.exec.StageResult;
import dev.stevedore.exec.mounts.SecretSource;
import dev.stevedore.exec.mounts.SshSource;
import dev.stevedore.plan.LintFinding;
import dev.stevedore.registry.CredentialSource;
import dev.stevedore.registry.Credentials;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.registry.DockerConfig;
import dev.stevedore.registry.PushResult;
import dev.stevedore.registry.RegistryOptions;
import dev.stevedore.registry.SystemRegistries;
import dev.stevedore.sbom.SoftwarePackage;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * The api's edge: each conversion between a value the api hands out or takes and the engine's
 * value it stands for, written once. The api packages call it; it is not exported (the api's
 * users see only the api's side).
 */
public final class EngineValues {

    private EngineValues() {}

    /** An image pushed, as the api reports it. */
    public static PushedImage pushed(PushResult r) {
        return new PushedImage(r.reference(), r.pushed(), r.blobsSent(), r.blobsSkipped());
    }

    /** A build check's finding, as the api reports it. */
    public static CheckFinding finding(LintFinding f) {
        return new CheckFinding(f.rule().name(), f.rule().description(), f.rule().url(), f.detail(), f.diagnostic());
    }

    /** A package of an image's SBOM, as the api lists it. */
    public static ImagePackage softwarePackage(SoftwarePackage p) {
        return new ImagePackage(p.ecosystem().purlType(), p.name(), p.version(), p.purl(), p.foundIn());
    }

    /** A built stage, as the api reports it. */
    public static BuiltStage stage(StageResult s) {
        return new BuiltStage(s.index(), s.name(), s.base(),
                s.layers().stream().map(l -> new BuiltStage.Layer(l.blob(), l.diffId())).toList(),
                s.elapsed(), s.steps(), s.cached(), s.target());
    }

    /** A built stage the api handed out, back as the engine's (for its report). */
    public static StageResult stage(BuiltStage s) {
        return new StageResult(s.index(), s.name(), s.base(),
                s.layers().stream().map(l -> new LayerRef(l.blob(), l.diffId())).toList(),
                s.elapsed(), s.steps(), s.cached(), s.target());
    }

    /** The program's registry logins, asked as the registry client asks. */
    public static CredentialSource credentials(RegistryCredentials c) {
        return registry -> c.lookup(registry).map(EngineValues::credentials);
    }

    /** One login, as the registry client sends it. */
    public static Credentials credentials(RegistryCredentials.Login l) {
        return new Credentials(l.username(), l.password(), l.identityToken());
    }

    /** A secret the engine parsed, as the api takes it. */
    public static Secret secret(SecretSource s) {
        return switch (s) {
            case SecretSource.FromFile f -> new Secret.FromFile(f.id(), f.file());
            case SecretSource.FromEnv e -> new Secret.FromEnv(e.id(), e.variable());
        };
    }

    /** A secret, as a build's mounts read it. */
    public static SecretSource secret(Secret s) {
        return switch (s) {
            case Secret.FromFile f -> new SecretSource.FromFile(f.id(), f.file());
            case Secret.FromEnv e -> new SecretSource.FromEnv(e.id(), e.variable());
        };
    }

    /** An SSH agent the engine parsed, as the api takes it. */
    public static SshAgent ssh(SshSource s) {
        return new SshAgent(s.id(), s.socket());
    }

    /** An SSH agent, as a build's mounts forward it. */
    public static SshSource ssh(SshAgent a) {
        return new SshSource(a.id(), a.socket());
    }

    /** The shared cache, as the build imports and exports it. */
    public static CacheExchange cache(SharedCache c) {
        return CacheExchange.parse(c.from(), c.to()).withExplain(c.explain());
    }

    /** The network, as the runtime sets it up. */
    public static dev.stevedore.runtime.NetworkMode network(NetworkMode n) {
        return switch (n) {
            case PRIVATE -> dev.stevedore.runtime.NetworkMode.PRIVATE;
            case HOST -> dev.stevedore.runtime.NetworkMode.HOST;
            case NONE -> dev.stevedore.runtime.NetworkMode.NONE;
        };
    }

    /**
     * The registry client options {@code d} asks for over this machine's registry configuration
     * ({@link SystemRegistries}), credentials from the distribution's own source, then Docker's config.
     */
    public static RegistryOptions registryOptions(Distribution d, Map<String, String> callerEnv) {
        Map<String, String> env = new HashMap<>(callerEnv);
        d.dockerConfig().ifPresent(dir -> env.put("DOCKER_CONFIG", dir.toString()));
        List<URI> mirrors = new ArrayList<>();
        for (String m : d.registryMirrors()) {
            try {
                URI uri = URI.create(m);
                if (uri.getScheme() == null || uri.getHost() == null) {
                    throw new IllegalArgumentException(m);
                }
                mirrors.add(uri);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("registry mirror \"" + m + "\" is not a URL (http://HOST[:PORT])");
            }
        }
        DockerConfig docker = DockerConfig.locate(env);
        CredentialSource own = credentials(d.credentials());
        CredentialSource credentials = registry -> own.lookup(registry).or(() -> docker.lookup(registry));
        RegistryOptions base = RegistryOptions.defaults().withCredentials(credentials);
        return SystemRegistries.locate(env).applyTo(base, mirrors, new HashSet<>(d.insecureRegistries()));
    }

}
