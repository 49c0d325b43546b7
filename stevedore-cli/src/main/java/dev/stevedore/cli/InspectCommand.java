package dev.stevedore.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code stevedore inspect IMAGE...}: config and manifest as JSON, like {@code docker image inspect}. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {"  stevedore inspect app:1",
                "  stevedore inspect app:1 | jq .config.Env"},
        description = "Print images' config and manifest as a JSON array.")
final class InspectCommand implements Runnable {

    @ParentCommand
    StevedoreCommand root;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "A name, an image id or a unique prefix of one.")
    List<String> images;

    @Override
    public void run() {
        root.out().print(root.images().inspect(images));
        root.out().flush();
    }
}
