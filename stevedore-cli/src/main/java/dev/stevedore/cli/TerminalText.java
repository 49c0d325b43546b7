package dev.stevedore.cli;

import java.util.regex.Pattern;

/**
 * Text made safe for one line of a redrawn terminal frame: a line that wraps, or that holds its
 * own escape sequences, would shift every later line and leave garbage when the frame is
 * redrawn. So: what a terminal would show of a line with carriage returns, escapes removed, tabs
 * expanded, other control characters shown as spaces, and cut to a number of cells (wide East
 * Asian characters and emoji take two, combining marks none).
 */
final class TerminalText {

    private TerminalText() {}

    /** CSI and OSC sequences (colours, cursor moves, titles) and lone two-character escapes. */
    private static final Pattern ESCAPES =
            Pattern.compile("\u001B\\[[0-?]*[ -/]*[@-~]|\u001B\\][^\u0007\u001B]*(\u0007|\u001B\\\\)?|\u001B.?");

    /** A process's output line as a terminal would leave it, on one line, with no escapes. */
    static String clean(String line) {
        int cr = line.lastIndexOf('\r', line.length() - 2);
        String shown = ESCAPES.matcher(cr >= 0 ? line.substring(cr + 1) : line).replaceAll("");
        StringBuilder b = new StringBuilder(shown.length());
        int cells = 0;
        for (int i = 0; i < shown.length(); ) {
            int cp = shown.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '\t') {
                int to = (cells / 8 + 1) * 8;
                b.repeat(' ', to - cells);
                cells = to;
            } else if (cp == '\r') {
                continue;
            } else if (Character.isISOControl(cp)) {
                b.append(' ');
                cells++;
            } else {
                b.appendCodePoint(cp);
                cells += cells(cp);
            }
        }
        return b.toString();
    }

    /** The cells {@code text} takes on a terminal. */
    static int width(String text) {
        return text.codePoints().map(TerminalText::cells).sum();
    }

    /** The longest prefix of {@code text} that fits in {@code max} cells. */
    static String cut(String text, int max) {
        int used = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int w = cells(cp);
            if (used + w > max) {
                return text.substring(0, i);
            }
            used += w;
            i += Character.charCount(cp);
        }
        return text;
    }

    /** {@code left} cut to leave room for {@code right}, which ends at the last cell of {@code columns}. */
    static String spread(String left, String right, int columns) {
        int room = columns - width(right) - 1;
        if (room < 1) {
            return cut(left, columns);
        }
        String l = cut(left, room);
        return l + " ".repeat(room - width(l) + 1) + right;
    }

    static int cells(int cp) {
        int type = Character.getType(cp);
        if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.FORMAT) {
            return 0;
        }
        return wide(cp) ? 2 : 1;
    }

    /** Unicode's East Asian Wide and Fullwidth ranges, and the emoji blocks, in short. */
    private static boolean wide(int cp) {
        return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) || (cp >= 0x3041 && cp <= 0x33FF)
                || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF)
                || (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F)
                || (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F)
                || (cp >= 0x1F900 && cp <= 0x1F9FF) || (cp >= 0x20000 && cp <= 0x3FFFD);
    }
}
