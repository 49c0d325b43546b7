package dev.stevedore.cli;

import dev.stevedore.diag.Sentences;
import dev.stevedore.diag.StevedoreException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import dev.stevedore.api.Secret;
import dev.stevedore.api.SshAgent;
import java.util.List;
import picocli.CommandLine;

/**
 * Runs one command line with the given streams and returns the exit code. Errors a user can
 * cause print as one sentence; a stack trace appears only with {@code --debug}.
 */
public final class Cli {

    /** Exit codes, as documented in the README. */
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    /** 128 + SIGINT, as a shell reports a process Ctrl-C stopped. */
    public static final int INTERRUPTED = 130;

    private Cli() {}

    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        return run(args, Invocation.ofProcess(in, out, err));
    }

    /** Runs one command line of {@code invocation} (this process's, or a warm server's client's). */
    static int run(String[] args, Invocation invocation) {
        PrintStream out = invocation.out();
        PrintStream err = invocation.err();
        StevedoreCommand root = new StevedoreCommand(invocation);
        CommandLine cl = commandLine(root, Subcommands.neededFor(args));
        // after the subcommands, so that it applies to them: paths are the command's, not the JVM's
        cl.registerConverter(Path.class, invocation::path);
        cl.registerConverter(Secret.class, value -> BuildCommand.secret(value, invocation));
        cl.registerConverter(SshAgent.class, value -> BuildCommand.ssh(value, invocation));
        cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExitCodeExceptionMapper(e -> e instanceof StevedoreException ? FAILED : USAGE);
        cl.setParameterExceptionHandler(new UsageErrors());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (root.debug()) {
                e.printStackTrace(err);
            }
            if (interrupted(e)) {
                err.println("ERROR: interrupted");
                err.flush();
                return INTERRUPTED;
            }
            err.println("ERROR: " + userMessage(e));
            err.flush();
            return FAILED;
        });
        try {
            return cl.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** The root command with {@code subcommands} registered, in that order. */
    static CommandLine commandLine(StevedoreCommand root, List<Class<?>> subcommands) {
        CommandLine cl = new CommandLine(root);
        for (Class<?> command : subcommands) {
            // a CommandLine of its own, as picocli applies a command's model transformer (run's
            // stop at IMAGE) only there, not when it is given the class
            cl.addSubcommand(new CommandLine(command));
        }
        CommandLine help = cl.getSubcommands().get("help");
        if (help != null) {
            // picocli's own help command: its example is ours to give
            help.getCommandSpec().usageMessage()
                    .footerHeading("%nExamples:%n").footer("  stevedore help build", "  stevedore help completion");
        }
        return cl;
    }

    /** Whether {@code e} comes from an interruption (Ctrl-C) rather than from the work itself. */
    static boolean interrupted(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException) {
                return true;
            }
        }
        return false;
    }

    /** One sentence for {@code e}, shortened: no 5,000-character path or megabyte of RUN line in it. */
    static String userMessage(Throwable e) {
        return Sentences.shorten(Sentences.outOfMemory(e).map(oom -> Sentences.outOfMemory("the command", oom))
                .orElseGet(() -> switch (e) {
                    case StevedoreException se -> se.getMessage();
                    case UncheckedIOException io -> Sentences.reason(io.getCause());
                    default -> "internal error: " + e + " (run with --debug for details)";
                }));
    }
}
