package dev.stevedore.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * {@code stevedore ARGS} in a JVM of its own ({@link Main}, the test's class path), so that it
 * can be killed with SIGKILL as a user's would be: its standard error (the plain progress) is
 * collected line by line as it comes, its standard output whole.
 */
final class CliProcess {

    private final Process process;
    private final List<String> err = new CopyOnWriteArrayList<>();
    private final StringBuilder out = new StringBuilder();
    private final Thread errReader;
    private final Thread outReader;

    private CliProcess(Process process) {
        this.process = process;
        this.errReader = Thread.ofVirtual().start(() -> drain(process.getErrorStream(), err::add));
        this.outReader = Thread.ofVirtual().start(() -> drain(process.getInputStream(), line -> {
            synchronized (out) {
                out.append(line).append('\n');
            }
        }));
    }

    static CliProcess start(String... args) throws IOException {
        return start(java.util.Map.of(), args);
    }

    /** With {@code env} added to this process's environment. */
    static CliProcess start(java.util.Map<String, String> env, String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xshare:auto",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        return new CliProcess(builder.start());
    }

    /**
     * {@code stevedore ARGS} as {@code ./stevedore} runs it (its launcher, {@link dev.stevedore.cli.warm.Launcher}),
     * in {@code dir}, with {@code env} added to this JVM's environment: what the warm server's tests drive.
     */
    static CliProcess launch(Path dir, java.util.Map<String, String> env, String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xshare:auto",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                dev.stevedore.cli.warm.Launcher.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().putAll(env);
        return new CliProcess(pb.start());
    }

    /** Writes {@code text} to the process's standard input and closes it. */
    void stdin(String text) throws IOException {
        try (java.io.OutputStream in = process.getOutputStream()) {
            in.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Sends SIGINT, as Ctrl-C in a terminal does. */
    void interrupt() throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start();
        if (kill.waitFor() != 0) {
            throw new IOException("kill -INT " + process.pid() + " failed");
        }
    }

    /** The progress lines so far. */
    List<String> errLines() {
        return List.copyOf(err);
    }

    /** Its standard input (a pipe). */
    java.io.OutputStream stdin() {
        return process.getOutputStream();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL, and waits until it is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
        errReader.join();
        outReader.join();
    }

    /** Waits for the end; -1 when it took longer than {@code seconds} (it is killed then). */
    int await(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            kill();
            return -1;
        }
        errReader.join();
        outReader.join();
        return process.exitValue();
    }

    String out() {
        synchronized (out) {
            return out.toString();
        }
    }

    String err() {
        return String.join("\n", err);
    }

    private static void drain(java.io.InputStream in, java.util.function.Consumer<String> sink) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                sink.accept(line);
            }
        } catch (IOException e) {
            // the process is gone: what it wrote so far is all there is
        }
    }
}
