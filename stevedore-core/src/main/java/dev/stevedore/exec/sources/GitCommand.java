package dev.stevedore.exec.sources;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the {@code git} CLI so that nothing of the user's or the system's configuration changes
 * what a checkout holds: no system or global config, {@code HOME} in a scratch directory, no
 * hooks, no templates, never a prompt. Only what reaching a remote needs is passed on from the
 * environment ({@code PATH}, proxies, the SSH agent).
 */
final class GitCommand {

    /** Result of one run: exit status and what git wrote. */
    record Result(int exit, String stdout, String stderr) {
        boolean ok() {
            return exit == 0;
        }

        /**
         * What went wrong, in git's words: its first {@code fatal:} line (later lines are advice
         * such as "Please make sure you have the correct access rights"), else its last line.
         */
        String errorLine() {
            List<String> lines = stderr.lines().filter(l -> !l.isBlank()).map(String::strip).toList();
            return lines.stream().filter(l -> l.startsWith("fatal:")).findFirst()
                    .orElse(lines.isEmpty() ? "exit status " + exit : lines.getLast());
        }
    }

    private static final List<String> PASSED_ON = List.of("PATH", "SSH_AUTH_SOCK", "http_proxy", "https_proxy",
            "no_proxy", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "all_proxy", "ALL_PROXY");

    /** Options for every command: they override whatever a repository's own config says. */
    private static final List<String> CONFIG = List.of(
            "-c", "core.hooksPath=/dev/null",
            "-c", "protocol.file.allow=always",
            "-c", "advice.detachedHead=false",
            "-c", "core.fsmonitor=false",
            "-c", "credential.helper=",
            "-c", "init.defaultBranch=main");

    private final Path home;

    /** Git run with {@code home} (an empty scratch directory) as {@code HOME}. */
    GitCommand(Path home) {
        this.home = home;
    }

    /** Runs {@code git <args>} in {@code dir}; an {@link IOException} when git cannot be started. */
    Result run(Path dir, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("git");
        command.addAll(CONFIG);
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        Map<String, String> env = pb.environment();
        Map<String, String> inherited = Map.copyOf(env);
        env.clear();
        for (String name : PASSED_ON) {
            if (inherited.containsKey(name)) {
                env.put(name, inherited.get(name));
            }
        }
        env.put("HOME", home.toString());
        env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_CONFIG_GLOBAL", "/dev/null");
        env.put("GIT_TERMINAL_PROMPT", "0");
        env.put("GIT_SSH_COMMAND", "ssh -o BatchMode=yes");
        env.put("LC_ALL", "C");
        Path out = Files.createTempFile(home, "git-", ".out");
        Path err = Files.createTempFile(home, "git-", ".err");
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        try {
            Process process = pb.start();
            int exit = waitFor(process);
            return new Result(exit, new String(Files.readAllBytes(out), StandardCharsets.UTF_8),
                    new String(Files.readAllBytes(err), StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static int waitFor(Process process) throws IOException {
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while git ran");
        }
    }
}
