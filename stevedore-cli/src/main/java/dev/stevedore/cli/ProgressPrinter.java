package dev.stevedore.cli;

import dev.stevedore.registry.Transfer;
import dev.stevedore.registry.TransferListener;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Plain progress for pull and push: one line per blob event, {@code sha256:0123456789ab:
 * downloading 1.5 MB / 4.0 MB}. Progress lines come at most once per MiB (the library's pace).
 */
final class ProgressPrinter implements TransferListener {

    private final PrintStream out;

    ProgressPrinter(PrintStream out) {
        this.out = out;
    }

    @Override
    public synchronized void transfer(Transfer t) {
        String id = t.digest().algorithm() + ":" + t.digest().shortHex();
        boolean pull = t.direction() == Transfer.Direction.PULL;
        String line = switch (t.state()) {
            case STARTED -> (pull ? "downloading " : "uploading ") + mb(t.total());
            case PROGRESS -> (pull ? "downloading " : "uploading ") + mb(t.done()) + " / " + mb(t.total());
            case EXISTS -> pull ? "already in the store" : "already in the registry";
            case MOUNTED -> "mounted from another repository";
            case RETRYING -> "retrying";
            case DONE -> (pull ? "downloaded " : "pushed ") + mb(t.total());
        };
        out.println(id + ": " + line);
    }

    static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
