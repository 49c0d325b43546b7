package dev.stevedore.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stevedore.config.ConfigText;
import dev.stevedore.config.StevedoreConfig;
import dev.stevedore.config.TomlSubset;
import dev.stevedore.diag.InvalidInputException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * This machine's registry settings, read the way the daemonless tools and Docker read them, so
 * they need not be repeated on every command:
 * <ul>
 *   <li>{@code /etc/containers/registries.conf} then {@code /etc/containers/registries.conf.d/*.conf}
 *       in name order ({@code containers-registries.conf(5)}, version 2): a later
 *       {@code [[registry]]} with the same prefix replaces an earlier one. Read: {@code insecure = true}
 *       (plain http to that registry) and, for {@code docker.io}, its {@code [[registry.mirror]]}
 *       locations (mirrors tried first on pulls, as Docker's). A {@code location} that redirects a
 *       prefix elsewhere, a {@code blocked} registry, or mirrors of another registry are refused
 *       with an error rather than ignored: ignoring them would fetch from a place the
 *       configuration forbids. Other keys ({@code unqualified-search-registries}, {@code [aliases]},
 *       ...) do not change where Stevedore pulls from and are skipped.</li>
 *   <li>{@code /etc/docker/daemon.json}: {@code registry-mirrors} and {@code insecure-registries}.</li>
 * </ul>
 * Then Stevedore's own config files ({@link StevedoreConfig}, {@code [registries]}): their
 * {@code mirrors}, when set, replace those of the files above; their {@code insecure} hosts are
 * added. Flags override: {@code --registry-mirror} replaces these mirrors; {@code --insecure-registry}
 * adds hosts.
 *
 * @param mirrors  Docker Hub mirrors, in the order to try them
 * @param insecure registries (host or host:port) reached by plain http
 * @param sources  the files that were read, for {@code info}
 */
public record SystemRegistries(List<URI> mirrors, Set<String> insecure, List<Path> sources) {

    /** The variable naming another root for the files above (a test's directory); default {@code /}. */
    public static final String ROOT_VARIABLE = StevedoreConfig.SYSTEM_ROOT_VARIABLE;

    private static final Set<String> DOCKER_HUB = Set.of("docker.io", "registry-1.docker.io", "index.docker.io");

    /** The key under which a registry table remembers its file, for errors (no TOML key can be it). */
    private static final String SOURCE = "\0source";

    public SystemRegistries {
        mirrors = List.copyOf(mirrors);
        insecure = Set.copyOf(insecure);
        sources = List.copyOf(sources);
    }

    /**
     * The files under {@code $STEVEDORE_SYSTEM_CONFIG_ROOT} (else {@code /}) of {@code env}, under
     * Stevedore's own config files of {@code env}.
     */
    public static SystemRegistries locate(Map<String, String> env) {
        String root = env.get(ROOT_VARIABLE);
        return read(Path.of(root == null || root.isEmpty() ? "/" : root)).under(StevedoreConfig.locate(env));
    }

    /** These settings under {@code config}'s: its mirrors, when set, replace ours; its insecure hosts are added. */
    SystemRegistries under(StevedoreConfig config) {
        List<Path> files = new ArrayList<>(sources);
        Set<String> hosts = new LinkedHashSet<>(insecure);
        config.insecure().ifPresent(s -> {
            hosts.addAll(s.value());
            files.add(s.file());
        });
        config.mirrors().ifPresent(s -> files.add(s.file()));
        return new SystemRegistries(config.mirrors().map(StevedoreConfig.Setting::value).orElse(mirrors), hosts,
                files.stream().distinct().toList());
    }

    /**
     * Reads the files under {@code root}; missing files are skipped.
     *
     * @throws InvalidInputException naming the file (and line) of what cannot be read or honoured
     */
    public static SystemRegistries read(Path root) {
        List<Path> sources = new ArrayList<>();
        Map<String, Map<String, Object>> registries = new LinkedHashMap<>();
        Path containers = root.resolve("etc/containers");
        List<Path> confs = new ArrayList<>();
        confs.add(containers.resolve("registries.conf"));
        confs.addAll(dropIns(containers.resolve("registries.conf.d")));
        for (Path conf : confs) {
            String text = ConfigText.readIfPresent(conf);
            if (text == null) {
                continue;
            }
            sources.add(conf);
            for (Map<String, Object> registry : registryTables(conf, TomlSubset.parse(conf.toString(), text))) {
                registries.put(prefix(conf, registry), registry);
            }
        }
        List<URI> mirrors = new ArrayList<>();
        Set<String> insecure = new LinkedHashSet<>();
        registries.forEach((prefix, registry) -> read(registry, prefix, mirrors, insecure));
        Path daemon = root.resolve("etc/docker/daemon.json");
        String json = ConfigText.readIfPresent(daemon);
        if (json != null) {
            sources.add(daemon);
            readDaemonJson(daemon, json, mirrors, insecure);
        }
        return new SystemRegistries(mirrors, insecure, sources);
    }

    /**
     * {@code base} with these settings, overridden by the command line's: its mirrors, when any,
     * replace ours; its insecure hosts are added to ours.
     */
    public RegistryOptions applyTo(RegistryOptions base, List<URI> flagMirrors, Set<String> flagInsecure) {
        Set<String> hosts = new LinkedHashSet<>(insecure);
        hosts.addAll(flagInsecure);
        return base.withMirrors(flagMirrors.isEmpty() ? mirrors : flagMirrors).withInsecure(hosts);
    }

    private static void read(Map<String, Object> registry, String prefix, List<URI> mirrors, Set<String> insecure) {
        String where = "registry \"" + prefix + "\" (" + registry.get(SOURCE) + ")";
        String location = string(registry, "location", where).orElse(prefix);
        if (!location.equals(prefix)) {
            throw new InvalidInputException(where + ": location \"" + location + "\" redirects it, which Stevedore"
                    + " cannot do yet; only insecure = true and Docker Hub mirrors are read");
        }
        if (Boolean.TRUE.equals(registry.get("blocked"))) {
            throw new InvalidInputException(where + ": blocked = true is not supported yet; remove the entry or"
                    + " do not use Stevedore with that registry");
        }
        if (Boolean.TRUE.equals(registry.get("insecure"))) {
            insecure.add(location);
        }
        List<Map<String, Object>> mirrorTables = tables(registry.get("mirror"), where + " mirror");
        if (!mirrorTables.isEmpty() && !DOCKER_HUB.contains(location)) {
            throw new InvalidInputException(where + ": mirrors of registries other than docker.io are not supported"
                    + " yet");
        }
        for (Map<String, Object> mirror : mirrorTables) {
            String host = string(mirror, "location", where + " mirror").orElseThrow(() ->
                    new InvalidInputException(where + ": a [[registry.mirror]] has no location"));
            if (host.contains("/")) {
                throw new InvalidInputException(where + ": mirror location \"" + host + "\" has a path, which"
                        + " Stevedore cannot use yet; give host[:port]");
            }
            boolean plain = Boolean.TRUE.equals(mirror.get("insecure"));
            if (plain) {
                insecure.add(host);
            }
            mirrors.add(uri((plain ? "http://" : "https://") + host, where));
        }
    }

    private static void readDaemonJson(Path file, String json, List<URI> mirrors, Set<String> insecure) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new InvalidInputException(file + " is not valid JSON: " + e.getOriginalMessage());
        }
        String where = file.toString();
        root.path("registry-mirrors").forEach(m -> mirrors.add(uri(m.asText(), where)));
        // Docker also accepts CIDR ranges here; a host list cannot hold them, so they are not read.
        root.path("insecure-registries").forEach(h -> {
            if (!h.asText().contains("/")) {
                insecure.add(h.asText());
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> registryTables(Path conf, Map<String, Object> document) {
        Object version = document.get("registries");
        if (version instanceof Map<?, ?>) {
            throw new InvalidInputException(conf + ": the version 1 format ([registries.insecure] ...) is not read;"
                    + " write it as version 2 ([[registry]] entries)");
        }
        List<Map<String, Object>> tables = tables(document.get("registry"), conf.toString());
        tables.forEach(t -> ((Map<String, Object>) t).put(SOURCE, conf.toString()));
        return tables;
    }

    private static String prefix(Path conf, Map<String, Object> registry) {
        String where = "a [[registry]] of " + conf;
        return string(registry, "prefix", where).or(() -> string(registry, "location", where))
                .orElseThrow(() -> new InvalidInputException(where + " has neither prefix nor location"));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> tables(Object value, String where) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list && list.stream().allMatch(e -> e instanceof Map<?, ?>)) {
            return (List<Map<String, Object>>) list;
        }
        throw new InvalidInputException(where + ": expected [[...]] tables");
    }

    private static Optional<String> string(Map<String, Object> table, String key, String where) {
        Object value = table.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof String s) {
            return Optional.of(s);
        }
        throw new InvalidInputException(where + ": " + key + " must be a string");
    }

    private static URI uri(String text, String where) {
        try {
            URI uri = URI.create(text);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException(text);
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(where + ": registry mirror \"" + text
                    + "\" is not a URL (http://HOST[:PORT])");
        }
    }

    private static List<Path> dropIns(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".conf")).sorted().toList();
        } catch (IOException e) {
            throw new InvalidInputException("cannot list " + dir + ": " + e.getMessage());
        }
    }
}
