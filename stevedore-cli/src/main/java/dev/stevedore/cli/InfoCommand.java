package dev.stevedore.cli;

import dev.stevedore.api.SystemInfo;
import dev.stevedore.api.NetworkMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code stevedore info}: the store, the runtime and RUN's default confinement. */
@Command(name = "info", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {"  stevedore info",
                "  stevedore --root /srv/stevedore info"},
        description = "Show the store, the runtime and how RUN is confined by default.")
final class InfoCommand implements Runnable {

    @ParentCommand
    StevedoreCommand root;

    @Override
    public void run() {
        for (SystemInfo.Fact fact : SystemInfo.of(root.images().store(), BuildCommand.DEFAULT_NETWORK, root.env())) {
            root.out().println(fact.name() + ": " + fact.value());
        }
    }
}
