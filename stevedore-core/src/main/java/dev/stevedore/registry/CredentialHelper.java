package dev.stevedore.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.diag.UnavailableException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A Docker credential helper, {@code docker-credential-<name>}: {@code get} reads the server URL
 * on standard input and answers {@code {"ServerURL","Username","Secret"}}; {@code store} reads
 * that JSON; {@code erase} reads the URL. {@code Username} {@code <token>} means the secret is
 * an identity token. The helper is looked up on the {@code PATH} we are given, so tests can
 * point it at a directory of their own.
 */
final class CredentialHelper {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String TOKEN_USER = "<token>";

    private final String name;
    private final List<Path> path;

    CredentialHelper(String name, List<Path> path) {
        this.name = name;
        this.path = path;
    }

    Optional<Credentials> get(String serverUrl) {
        Result r = run("get", serverUrl);
        if (r.code != 0) {
            // Helpers say "credentials not found in native keychain" when there are none.
            if (r.out.toLowerCase(java.util.Locale.ROOT).contains("not found")) {
                return Optional.empty();
            }
            throw failed("get", r);
        }
        try {
            JsonNode node = JSON.readTree(r.out);
            String user = node.path("Username").asText("");
            String secret = node.path("Secret").asText("");
            return Optional.of(TOKEN_USER.equals(user)
                    ? new Credentials(user, "", Optional.of(secret))
                    : Credentials.of(user, secret));
        } catch (IOException e) {
            throw new InvalidInputException("credential helper docker-credential-" + name
                    + " answered something that is not JSON");
        }
    }

    void store(String serverUrl, Credentials credentials) {
        String user = credentials.identityToken().isPresent() ? TOKEN_USER : credentials.username();
        String secret = credentials.identityToken().orElse(credentials.password());
        String input = JSON.createObjectNode().put("ServerURL", serverUrl).put("Username", user)
                .put("Secret", secret).toString();
        Result r = run("store", input);
        if (r.code != 0) {
            throw failed("store", r);
        }
    }

    void erase(String serverUrl) {
        Result r = run("erase", serverUrl);
        if (r.code != 0) {
            throw failed("erase", r);
        }
    }

    private record Result(int code, String out) { }

    private Result run(String verb, String input) {
        Path exe = locate();
        try {
            Process p = new ProcessBuilder(exe.toString(), verb).redirectErrorStream(true).start();
            try (var stdin = p.getOutputStream()) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new UnavailableException("credential helper " + exe + " did not answer within 30 s");
            }
            return new Result(p.exitValue(), out.strip());
        } catch (IOException e) {
            throw new UnavailableException("cannot run credential helper " + exe + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("interrupted while running credential helper " + exe, e);
        }
    }

    private Path locate() {
        String exe = "docker-credential-" + name;
        for (Path dir : path) {
            Path candidate = dir.resolve(exe);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new InvalidInputException("credential helper " + exe + " (from the Docker config) is not on the PATH");
    }

    /** The helper's own words go into the message: a helper never echoes the secret it was given. */
    private UnavailableException failed(String verb, Result r) {
        String said = r.out.lines().findFirst().orElse("");
        return new UnavailableException("credential helper docker-credential-" + name + " " + verb
                + " failed (exit " + r.code + ")" + (said.isEmpty() ? "" : ": " + said));
    }

    static List<Path> searchPath(Map<String, String> env) {
        String path = env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        return java.util.Arrays.stream(path.split(":")).filter(s -> !s.isEmpty()).map(Path::of).toList();
    }
}
