package dev.stevedore.exec;

import dev.stevedore.dockerfile.Instruction;

/** {@code --chmod}: octal ({@code 755}, {@code 0644}) as BuildKit takes it. */
final class Chmod {

    private Chmod() {}

    static int parse(String text, StageContext ctx, Instruction in) {
        if (!text.matches("[0-7]{1,4}")) {
            throw ctx.error(in, "invalid --chmod \"" + text + "\": expected an octal mode such as 755");
        }
        return Integer.parseInt(text, 8);
    }
}
