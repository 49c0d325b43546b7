package dev.stevedore.registry;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stevedore.diag.InternalException;
import dev.stevedore.diag.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Docker's client configuration, {@code $DOCKER_CONFIG/config.json} or
 * {@code ~/.docker/config.json}: read for credentials, written by {@link #login} and
 * {@link #logout} exactly as {@code docker login} does.
 *
 * <p>Lookup order for a registry, as Docker's: {@code credHelpers[registry]}, then
 * {@code credsStore}, then {@code auths[registry]} ({@code auth} is base64 of
 * {@code user:password}; {@code identitytoken} is a refresh token). Docker Hub's key is
 * {@code https://index.docker.io/v1/}; keys written as URLs ({@code https://host/}) match their
 * host. Other fields of the file are kept as they are.
 */
public final class DockerConfig implements CredentialSource {

    /** The key Docker stores Docker Hub's credentials under. */
    public static final String DOCKER_HUB_KEY = "https://index.docker.io/v1/";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final List<Path> helperPath;

    public DockerConfig(Path file, List<Path> helperPath) {
        this.file = file;
        this.helperPath = List.copyOf(helperPath);
    }

    /** The config of this environment: {@code $DOCKER_CONFIG}, else {@code $HOME/.docker}. */
    public static DockerConfig locate(Map<String, String> env) {
        String dir = env.get("DOCKER_CONFIG");
        Path base = dir != null && !dir.isEmpty() ? Path.of(dir)
                : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".docker");
        return new DockerConfig(base.resolve("config.json"), CredentialHelper.searchPath(env));
    }

    public Path file() {
        return file;
    }

    /** The key a registry's credentials are stored under. */
    public static String key(String registry) {
        return registry.equals("docker.io") || registry.equals("index.docker.io")
                || registry.equals("registry-1.docker.io") ? DOCKER_HUB_KEY : registry;
    }

    @Override
    public Optional<Credentials> lookup(String registry) {
        ObjectNode root = read();
        String key = key(registry);
        Optional<CredentialHelper> helper = helperFor(root, registry);
        if (helper.isPresent()) {
            return helper.get().get(key);
        }
        JsonNode entry = findAuth(root, key);
        if (entry == null) {
            return Optional.empty();
        }
        Optional<String> token = Optional.ofNullable(entry.path("identitytoken").asText(null)).filter(s -> !s.isEmpty());
        String auth = entry.path("auth").asText("");
        if (auth.isEmpty()) {
            return token.map(t -> new Credentials(CredentialHelper.TOKEN_USER, "", Optional.of(t)));
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(auth), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(file + ": the \"auth\" of " + key + " is not base64");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw new InvalidInputException(file + ": the \"auth\" of " + key + " is not base64 of user:password");
        }
        return Optional.of(new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1), token));
    }

    /** Stores credentials for {@code registry}, in its helper when one is configured. */
    public void login(String registry, Credentials credentials) {
        ObjectNode root = read();
        String key = key(registry);
        ObjectNode auths = root.has("auths") && root.get("auths").isObject()
                ? (ObjectNode) root.get("auths") : root.putObject("auths");
        Optional<CredentialHelper> helper = helperFor(root, registry);
        if (helper.isPresent()) {
            helper.get().store(key, credentials);
            auths.putObject(key);  // docker keeps an empty entry so `docker info` lists the registry
        } else {
            ObjectNode entry = auths.putObject(key);
            entry.put("auth", Base64.getEncoder().encodeToString(
                    (credentials.username() + ":" + credentials.password()).getBytes(StandardCharsets.UTF_8)));
            credentials.identityToken().ifPresent(t -> entry.put("identitytoken", t));
        }
        write(root);
    }

    /** Removes the credentials of {@code registry}; false when there were none. */
    public boolean logout(String registry) {
        ObjectNode root = read();
        String key = key(registry);
        Optional<CredentialHelper> helper = helperFor(root, registry);
        boolean had = findAuth(root, key) != null;
        if (helper.isPresent()) {
            had |= helper.get().get(key).isPresent();
            if (had) {
                helper.get().erase(key);
            }
        }
        if (root.path("auths") instanceof ObjectNode auths) {
            auths.remove(key);
        }
        if (had) {
            write(root);
        }
        return had;
    }

    private Optional<CredentialHelper> helperFor(ObjectNode root, String registry) {
        String name = root.path("credHelpers").path(registry).asText("");
        if (name.isEmpty() && !key(registry).equals(registry)) {
            name = root.path("credHelpers").path(key(registry)).asText("");
        }
        if (name.isEmpty()) {
            name = root.path("credsStore").asText("");
        }
        return name.isEmpty() ? Optional.empty() : Optional.of(new CredentialHelper(name, helperPath));
    }

    private static JsonNode findAuth(ObjectNode root, String key) {
        JsonNode auths = root.path("auths");
        if (auths.has(key)) {
            return auths.get(key);
        }
        var names = auths.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (hostOf(name).equals(hostOf(key))) {
                return auths.get(name);
            }
        }
        return null;
    }

    /** {@code https://host:5000/v1/} → {@code host:5000}, as Docker's {@code ConvertToHostname}. */
    static String hostOf(String key) {
        String s = key;
        if (s.startsWith("http://")) {
            s = s.substring(7);
        } else if (s.startsWith("https://")) {
            s = s.substring(8);
        }
        int slash = s.indexOf('/');
        return slash < 0 ? s : s.substring(0, slash);
    }

    private ObjectNode read() {
        try {
            JsonNode node = JSON.readTree(Files.readAllBytes(file));
            if (node instanceof ObjectNode object) {
                return object;
            }
            throw new InvalidInputException(file + " is not a JSON object");
        } catch (NoSuchFileException e) {
            return JSON.createObjectNode();
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new InvalidInputException(file + " is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** As Docker: tab-indented JSON, mode 0600, replaced atomically. */
    private void write(ObjectNode root) {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance()
                        .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                        .withObjectEmptySeparator("").withArrayEmptySeparator(""))
                .withObjectIndenter(new DefaultIndenter("\t", "\n"))
                .withArrayIndenter(new DefaultIndenter("\t", "\n"));
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "config.json", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                Files.write(tmp, JSON.writer(printer).writeValueAsBytes(root));
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new InternalException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
