package dev.stevedore.cli;

import dev.stevedore.api.SystemInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code stevedore info}: the store, the runtime, RUN's default confinement, and the settings with where each came from. */
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
        List<SystemInfo.Fact> facts = new ArrayList<>(
                SystemInfo.of(root.images().store(), BuildCommand.DEFAULT_NETWORK, root.env()));
        facts.addAll(ConfigFacts.of(root.config(), root.env(), Optional.ofNullable(root.root),
                Path.of(root.storeRoot().orElseThrow())));
        for (SystemInfo.Fact fact : facts) {
            root.out().println(fact.name() + ": " + fact.value());
        }
    }
}
