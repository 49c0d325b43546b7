package dev.stevedore.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a terminal shows after some output, for the few controls the tty view uses: text, CR, LF,
 * cursor up ({@code ESC[nA}), clear to end of line ({@code ESC[K}) and of screen ({@code ESC[J}),
 * cursor hidden or shown. The screen is unbounded (scrolling is not modelled: live frames are kept
 * shorter than the terminal). Any other escape is an error, so a stray one fails the test.
 */
final class ScreenReplay {

    private static final Pattern CSI = Pattern.compile("\u001B\\[(\\??)(\\d*)([A-Za-z])");

    final List<StringBuilder> lines = new ArrayList<>(List.of(new StringBuilder()));
    int row;
    int col;
    boolean cursorVisible = true;
    /** Cursor-up moves seen, i.e. frames drawn over earlier ones. */
    int redraws;

    static ScreenReplay of(String output) {
        ScreenReplay s = new ScreenReplay();
        s.feed(output);
        return s;
    }

    void feed(String output) {
        for (int i = 0; i < output.length(); ) {
            char c = output.charAt(i);
            if (c == '\u001B') {
                Matcher m = CSI.matcher(output).region(i, output.length());
                if (!m.lookingAt()) {
                    throw new IllegalStateException("unexpected escape at " + i + ": "
                            + output.substring(i, Math.min(output.length(), i + 10)).replace("\u001B", "ESC"));
                }
                control(m.group(1) + m.group(3), m.group(2).isEmpty() ? 1 : Integer.parseInt(m.group(2)));
                i = m.end();
                continue;
            }
            if (c == '\r') {
                col = 0;
            } else if (c == '\n') {
                row++;
                col = 0;
                while (lines.size() <= row) {
                    lines.add(new StringBuilder());
                }
            } else {
                StringBuilder line = lines.get(row);
                while (line.length() < col) {
                    line.append(' ');
                }
                if (col < line.length()) {
                    line.setCharAt(col, c);
                } else {
                    line.append(c);
                }
                col++;
            }
            i++;
        }
    }

    private void control(String op, int n) {
        switch (op) {
            case "A" -> {
                row = Math.max(0, row - n);
                redraws++;
            }
            case "K" -> {
                StringBuilder line = lines.get(row);
                line.setLength(Math.min(line.length(), col));
            }
            case "J" -> {
                StringBuilder line = lines.get(row);
                line.setLength(Math.min(line.length(), col));
                while (lines.size() > row + 1) {
                    lines.removeLast();
                }
            }
            case "?l" -> cursorVisible = false;
            case "?h" -> cursorVisible = true;
            default -> throw new IllegalStateException("unexpected control " + op);
        }
    }

    /** The screen's lines, the empty line the cursor ends on dropped. */
    List<String> screen() {
        List<String> out = new ArrayList<>(lines.stream().map(StringBuilder::toString).toList());
        if (!out.isEmpty() && out.getLast().isEmpty()) {
            out.removeLast();
        }
        return out;
    }
}
