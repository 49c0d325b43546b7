package dev.stevedore.cli;

import dev.stevedore.api.Emulators;
import dev.stevedore.oci.Platform;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code stevedore setup}: prepares this machine for what builds need of it. */
@Command(name = "setup", mixinStandardHelpOptions = true, subcommands = SetupCommand.Binfmt.class,
        footerHeading = "%nExamples:%n",
        footer = {"  stevedore setup binfmt", "  stevedore setup binfmt --install linux/arm64     (as root)"},
        description = "Prepare this machine for builds (emulators for other platforms).")
final class SetupCommand {

    @ParentCommand
    StevedoreCommand root;

    /**
     * {@code stevedore setup binfmt [--install PLATFORM,...]}: registers Debian's qemu-user-static
     * interpreters with binfmt_misc's F flag (as {@code tonistiigi/binfmt} does), so RUN steps of
     * those platforms run here; then lists what is registered.
     */
    @Command(name = "binfmt", mixinStandardHelpOptions = true,
            footerHeading = "%nExamples:%n",
            footer = {"  stevedore setup binfmt",
                    "  stevedore setup binfmt --install linux/arm64,linux/arm/v7     (as root)"},
            description = "List the emulators of other platforms; with --install (root), register qemu-user-static's.")
    static final class Binfmt implements Callable<Integer> {

        @ParentCommand
        SetupCommand setup;

        @Option(names = "--install", split = ",", paramLabel = "PLATFORM",
                description = "Register the emulator of each platform (e.g. linux/arm64), with the F flag.")
        List<String> install = new ArrayList<>();

        @Override
        public Integer call() {
            var out = setup.root.out();
            Emulators emulators = Emulators.system();
            List<Platform> platforms = install.stream().map(p -> Platform.parse(p).normalize()).toList();
            for (Emulators.Installed done : emulators.install(platforms)) {
                out.println(done.platform() + ": " + done.outcome());
            }
            List<Emulators.Emulator> all = emulators.list();
            if (all.isEmpty()) {
                out.println("no emulator is registered");
            }
            for (Emulators.Emulator e : all) {
                out.println(e.name() + "\t" + (e.enabled() ? "enabled" : "disabled") + "\tflags: "
                        + (e.flags().isEmpty() ? "-" : e.flags()) + "\t" + e.interpreter()
                        + (e.usableInContainers() ? "" : "\t(no F flag: RUN cannot use it)"));
            }
            return Cli.OK;
        }
    }
}
