package dev.stevedore.cli;

import dev.stevedore.diag.ConflictException;
import dev.stevedore.store.FsckProblem;
import dev.stevedore.store.FsckReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code stevedore fsck [--repair]}: re-verifies the store; fails when it finds a problem not repaired. */
@Command(name = "fsck", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = {"  stevedore fsck",
                "  stevedore fsck --repair"},
        description = "Verify every blob, tag and cache record of the store.")
final class FsckCommand implements Runnable {

    @ParentCommand
    StevedoreCommand root;

    @Option(names = "--repair", description = "Remove corrupt blobs, broken tags and cache records, and leftovers.")
    boolean repair;

    @Override
    public void run() {
        FsckReport report = root.images().fsck(repair);
        for (FsckProblem problem : report.problems()) {
            root.out().println(problem.message());
        }
        int problems = report.storeProblems().size();
        int leftovers = report.leftovers().size();
        root.out().println(report.blobsChecked() + " blobs checked, " + problems + " problems"
                + (leftovers > 0 ? ", " + leftovers + " leftover files" : "")
                + (report.repaired() && !report.problems().isEmpty() ? ", repaired" : ""));
        root.out().flush();
        if (!report.isClean() && !report.repaired()) {
            throw new ConflictException("the store has " + report.storeProblems().size()
                    + " problems; run stevedore fsck --repair to remove what is broken");
        }
    }
}
