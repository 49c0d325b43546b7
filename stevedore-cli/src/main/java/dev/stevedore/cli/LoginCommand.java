package dev.stevedore.cli;

import dev.stevedore.api.RegistryLogin;
import dev.stevedore.diag.InvalidInputException;
import dev.stevedore.oci.ImageReference;
import dev.stevedore.registry.Credentials;
import dev.stevedore.registry.DockerConfig;
import dev.stevedore.registry.RegistryOptions;
import dev.stevedore.registry.TransferListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code stevedore login [-u USER] [--password-stdin] [REGISTRY]}: checks the credentials with
 * the registry, then stores them in Docker's config.json (or its credential helper) as
 * {@code docker login} does.
 */
@Command(name = "login", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {"  stevedore login -u me registry.example.com",
                "  echo \"$TOKEN\" | stevedore login -u me --password-stdin ghcr.io"},
        description = "Log in to a registry.")
final class LoginCommand implements Callable<Integer> {

    @ParentCommand
    StevedoreCommand root;

    @Mixin
    RegistryFlags flags;

    @Option(names = {"-u", "--username"}, paramLabel = "USER", required = true, description = "The user name.")
    String username;

    @Option(names = "--password-stdin", description = "Read the password from standard input.")
    boolean passwordStdin;

    @Option(names = {"-p", "--password"}, paramLabel = "PASSWORD",
            description = "The password (prefer --password-stdin: a command line is visible to others).")
    String password;

    @Parameters(arity = "0..1", paramLabel = "REGISTRY", description = "The registry (default: docker.io).")
    String registry;

    @Override
    public Integer call() {
        String host = registryHost(registry);
        String secret = secret();
        Credentials credentials = Credentials.of(username, secret);
        RegistryOptions options = flags.options(TransferListener.NONE, root.env());
        RegistryLogin.check(host, credentials, options);
        DockerConfig config = flags.dockerConfig(root.env());
        config.login(host, credentials);
        root.out().println("Login Succeeded");
        return Cli.OK;
    }

    private String secret() {
        if (passwordStdin == (password != null)) {
            throw new InvalidInputException("login: give the password with exactly one of --password-stdin or -p");
        }
        if (password != null) {
            return password;
        }
        try {
            String text = new String(root.in().readAllBytes(), StandardCharsets.UTF_8);
            return text.endsWith("\r\n") ? text.substring(0, text.length() - 2)
                    : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code docker.io}, or the host[:port] of a registry given as a host or a URL. */
    static String registryHost(String registry) {
        if (registry == null || registry.isEmpty()) {
            return ImageReference.DOCKER_HUB;
        }
        String host = DockerConfigHost.of(registry);
        return host.equals("index.docker.io") || host.equals("registry-1.docker.io") ? ImageReference.DOCKER_HUB : host;
    }

    /** Strips a scheme and a path, as Docker's {@code ConvertToHostname}. */
    static final class DockerConfigHost {
        static String of(String s) {
            String t = s.replaceFirst("^https?://", "");
            int slash = t.indexOf('/');
            return slash < 0 ? t : t.substring(0, slash);
        }
    }
}
