package dev.stevedore.maven;

import dev.stevedore.api.RegistryCredentials;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

/**
 * Registry credentials the Maven way: a {@code settings.xml} {@code <server>} whose id is the
 * registry's host ({@code registry.example.com}, {@code 127.0.0.1:5000}; {@code docker.io} for
 * Docker Hub), its password decrypted by Maven's own {@link SettingsDecrypter} (a
 * {@code {...}} password and the master password of {@code settings-security.xml}).
 */
final class SettingsCredentials implements RegistryCredentials {

    /** Docker Hub's names, any of which a server id may use. */
    private static final List<String> DOCKER_HUB = List.of("docker.io", "index.docker.io", "registry-1.docker.io");

    private final Map<String, Login> byHost;

    private SettingsCredentials(Map<String, Login> byHost) {
        this.byHost = byHost;
    }

    /**
     * The servers of {@code settings} that have a user name, decrypted.
     *
     * @throws MojoFailureException when a password cannot be decrypted, with Maven's reason
     */
    static SettingsCredentials of(Settings settings, SettingsDecrypter decrypter) throws MojoFailureException {
        Map<String, Login> byHost = new HashMap<>();
        for (Server server : settings.getServers()) {
            if (server.getUsername() == null || server.getUsername().isEmpty()) {
                continue;
            }
            SettingsDecryptionResult result = decrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
            List<SettingsProblem> errors = result.getProblems().stream()
                    .filter(p -> p.getSeverity() != SettingsProblem.Severity.WARNING).toList();
            if (!errors.isEmpty()) {
                throw new MojoFailureException("cannot decrypt the password of server \"" + server.getId()
                        + "\" in settings.xml: " + errors.stream().map(SettingsProblem::getMessage)
                        .collect(Collectors.joining("; ")));
            }
            Server decrypted = result.getServer();
            String password = decrypted.getPassword() == null ? "" : decrypted.getPassword();
            byHost.put(server.getId(), Login.of(decrypted.getUsername(), password));
        }
        return new SettingsCredentials(byHost);
    }

    @Override
    public Optional<Login> lookup(String registry) {
        Login found = byHost.get(registry);
        if (found == null && DOCKER_HUB.contains(registry)) {
            found = DOCKER_HUB.stream().map(byHost::get).filter(c -> c != null).findFirst().orElse(null);
        }
        return Optional.ofNullable(found);
    }
}
