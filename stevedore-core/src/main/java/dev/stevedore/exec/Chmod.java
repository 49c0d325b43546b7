package dev.stevedore.exec;

import dev.stevedore.diag.InvalidInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --chmod}: an octal mode ({@code 755}, {@code 0644}) or a symbolic one as chmod(1) writes
 * it ({@code u+x,g-w}, {@code a=rX}, {@code go=u}), which BuildKit accepts since Dockerfile 1.14.
 * A symbolic mode changes each copied file's own mode; {@code X} adds execute to directories and
 * to files already executable by someone; no umask applies (a missing who means {@code a}).
 */
sealed interface Chmod {

    /** The mode a copied file or directory gets, from its source mode (permission bits and setuid/setgid/sticky). */
    int apply(int mode, boolean directory);

    /** {@code 0755}: replaces the mode. */
    record Octal(int mode) implements Chmod {
        public int apply(int ignored, boolean directory) {
            return mode;
        }
    }

    /** {@code u+x,g-w}: changes the mode clause by clause. */
    record Symbolic(List<Clause> clauses) implements Chmod {
        public Symbolic {
            clauses = List.copyOf(clauses);
        }

        public int apply(int mode, boolean directory) {
            int out = mode & 07777;
            for (Clause c : clauses) {
                out = c.apply(out, directory);
            }
            return out;
        }
    }

    /**
     * One clause, {@code who op perms}.
     *
     * @param who   the bits of {@code u}, {@code g}, {@code o} as masks of {@code 07777}
     * @param op    {@code +}, {@code -} or {@code =}
     * @param perms the permission letters, or one of {@code u g o} to copy that class's bits
     */
    record Clause(int who, char op, String perms) {
        int apply(int mode, boolean directory) {
            int bits = bits(mode, directory) & who;
            return switch (op) {
                case '+' -> mode | bits;
                case '-' -> mode & ~bits;
                // = clears the who's bits (with their setuid, setgid or sticky bit) first
                default -> (mode & ~who) | bits;
            };
        }

        private int bits(int mode, boolean directory) {
            if (perms.length() == 1 && "ugo".indexOf(perms.charAt(0)) >= 0) {
                int shift = switch (perms.charAt(0)) {
                    case 'u' -> 6;
                    case 'g' -> 3;
                    default -> 0;
                };
                int rwx = (mode >> shift) & 7;
                return rwx << 6 | rwx << 3 | rwx;
            }
            int out = 0;
            for (char p : perms.toCharArray()) {
                out |= switch (p) {
                    case 'r' -> 0444;
                    case 'w' -> 0222;
                    case 'x' -> 0111;
                    case 'X' -> directory || (mode & 0111) != 0 ? 0111 : 0;
                    case 's' -> 06000;
                    case 't' -> 01000;
                    default -> throw new IllegalStateException("checked by parse: " + p);
                };
            }
            return out;
        }
    }

    /**
     * Parses {@code text}.
     *
     * @throws InvalidInputException naming the text when it is neither an octal nor a symbolic mode
     */
    static Chmod parse(String text) {
        if (text.matches("[0-7]{1,4}")) {
            return new Octal(Integer.parseInt(text, 8));
        }
        List<Clause> clauses = new ArrayList<>();
        for (String clause : text.split(",", -1)) {
            if (!clause.matches("[ugoa]*([-+=]([rwxXst]*|[ugo]))+")) {
                throw new InvalidInputException("invalid --chmod \"" + text + "\": expected an octal mode such as 755"
                        + " or a symbolic one such as u+x,g-w");
            }
            int i = 0;
            int who = 0;
            for (; "ugoa".indexOf(clause.charAt(i)) >= 0; i++) {
                who |= switch (clause.charAt(i)) {
                    case 'u' -> 04700;
                    case 'g' -> 02070;
                    case 'o' -> 01007;
                    default -> 07777;
                };
            }
            who = who == 0 ? 07777 : who;
            while (i < clause.length()) {
                char op = clause.charAt(i++);
                int end = i;
                while (end < clause.length() && "-+=".indexOf(clause.charAt(end)) < 0) {
                    end++;
                }
                clauses.add(new Clause(who, op, clause.substring(i, end)));
                i = end;
            }
        }
        return new Symbolic(clauses);
    }
}
