package dev.stevedore.report;

import dev.stevedore.oci.EnvLine;
import dev.stevedore.plan.SecretNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Files and env that look like secrets, as data: each rule what the file looks like, a pattern
 * over its path and, when the name alone says too little, a pattern its first bytes must
 * contain ({@code .npmrc} is a secret only with an {@code _authToken} in it). Env names follow
 * BuildKit's {@code SecretsUsedInArgOrEnv} rule ({@link SecretNames}).
 */
final class SecretRules {

    /** One rule: a file whose path matches {@code path} and, if given, whose head contains {@code content}. */
    record Rule(String what, Pattern path, Optional<Pattern> content) {}

    private static final Pattern PRIVATE_KEY = Pattern.compile("-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----");

    static final List<Rule> RULES = List.of(
            named("SSH private key", ".*/id_(?:rsa|dsa|ecdsa|ed25519)"),
            new Rule("private key", Pattern.compile(".*\\.(?:pem|key|p8|crt)"), Optional.of(PRIVATE_KEY)),
            named("dotenv file", ".*/\\.env(?:\\.(?!example$|sample$|template$|dist$)[^/]+)?"),
            withContent("npm token", ".*/\\.npmrc", "_authToken|_auth\\s*=|_password\\s*="),
            withContent("PyPI password", ".*/\\.pypirc", "(?m)^\\s*password\\s*[=:]"),
            withContent("netrc password", ".*/\\.netrc", "\\bpassword\\b"),
            named("git credentials", ".*/\\.git-credentials"),
            withContent("docker registry credentials", ".*/\\.docker/config\\.json", "\"auth\"\\s*:\\s*\"[^\"]"),
            withContent("AWS credentials", ".*/\\.aws/credentials", "(?i)aws_secret_access_key"));

    private SecretRules() {}

    private static Rule named(String what, String path) {
        return new Rule(what, Pattern.compile(path), Optional.empty());
    }

    private static Rule withContent(String what, String path, String content) {
        return new Rule(what, Pattern.compile(path), Optional.of(Pattern.compile(content)));
    }

    /** Whether a file at {@code path} needs its head read: some rule with a content pattern matches its name. */
    static boolean mayHoldSecret(String path) {
        return RULES.stream().anyMatch(r -> r.content().isPresent() && r.path().matcher(path).matches());
    }

    /** The secret-looking files of {@code scan} (layer {@code layer}, 1 = bottom). */
    static List<Finding.SecretFile> files(LayerScan scan, int layer) {
        List<Finding.SecretFile> found = new ArrayList<>();
        for (Member m : scan.members()) {
            if (!m.isFile()) {
                continue;
            }
            for (Rule rule : RULES) {
                if (rule.path().matcher(m.path()).matches() && rule.content()
                        .map(c -> m.head().filter(h -> c.matcher(h).find()).isPresent()).orElse(true)) {
                    found.add(new Finding.SecretFile(rule.what(), m.path(), layer));
                    break;
                }
            }
        }
        return found;
    }

    /** The names of {@code env} entries ({@code NAME=value}) that look like secrets and are set. */
    static List<Finding.SecretEnv> env(List<String> env) {
        List<Finding.SecretEnv> found = new ArrayList<>();
        for (String entry : env) {
            EnvLine.parse(entry).filter(l -> !l.value().isEmpty() && SecretNames.looksSecret(l.name()))
                    .ifPresent(l -> found.add(new Finding.SecretEnv(l.name())));
        }
        return found;
    }
}
