package dev.stevedore.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code stevedore tag SOURCE TARGET}: another name for an image. */
@Command(name = "tag", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {"  stevedore tag app:1 registry.example.com/app:1"},
        description = "Give an image another name.")
final class TagCommand implements Runnable {

    @ParentCommand
    StevedoreCommand root;

    @Parameters(index = "0", paramLabel = "SOURCE", description = "A name, an image id or a unique prefix of one.")
    String source;

    @Parameters(index = "1", paramLabel = "TARGET", description = "The new NAME[:TAG].")
    String target;

    @Override
    public void run() {
        root.images().tag(source, target);
    }
}
