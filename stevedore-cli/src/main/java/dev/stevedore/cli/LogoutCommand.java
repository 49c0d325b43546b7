package dev.stevedore.cli;

import dev.stevedore.registry.DockerConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code stevedore logout [REGISTRY]}: forgets the stored credentials, as {@code docker logout}. */
@Command(name = "logout", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {"  stevedore logout registry.example.com"},
        description = "Log out from a registry.")
final class LogoutCommand implements Callable<Integer> {

    @ParentCommand
    StevedoreCommand root;

    @picocli.CommandLine.Mixin
    RegistryFlags flags;

    @Parameters(arity = "0..1", paramLabel = "REGISTRY", description = "The registry (default: docker.io).")
    String registry;

    @Override
    public Integer call() {
        String host = LoginCommand.registryHost(registry);
        boolean removed = flags.dockerConfig(root.env()).logout(host);
        root.out().println(removed ? "Removing login credentials for " + DockerConfig.key(host)
                : "Not logged in to " + host);
        return Cli.OK;
    }
}
