package dev.stevedore.plan;

import java.util.regex.Pattern;

/**
 * Variable names that look like they hold a secret, by BuildKit's {@code SecretsUsedInArgOrEnv}
 * rule: a word such as {@code password}, {@code token} or {@code key} between underscores or at
 * either end ({@code AWS_SECRET_ACCESS_KEY}), unless a word is {@code public}.
 */
public final class SecretNames {

    private static final Pattern SECRET = Pattern.compile(
            "(?i)(?:_|^)(?:apikey|auth|credential|credentials|key|password|pword|passwd|secret|token)(?:_|$)");
    private static final Pattern ALLOWED = Pattern.compile("(?i)(?:_|^)(?:public)(?:_|$)");

    private SecretNames() {}

    public static boolean looksSecret(String name) {
        return !ALLOWED.matcher(name).find() && SECRET.matcher(name).find();
    }
}
