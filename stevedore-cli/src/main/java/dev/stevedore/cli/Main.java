package dev.stevedore.cli;

/** The only place that calls {@link System#exit}: everything else runs in-process in tests. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        System.exit(Cli.run(args, System.in, System.out, System.err));
    }
}
