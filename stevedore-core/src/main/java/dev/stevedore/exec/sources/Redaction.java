package dev.stevedore.exec.sources;

import java.util.regex.Pattern;

/** Hides the password of {@code scheme://user:password@host/...} in what we print. */
final class Redaction {

    private static final Pattern PASSWORD = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*://[^/@:]*):[^/@]*@");

    private Redaction() {}

    static String redact(String url) {
        return PASSWORD.matcher(url).replaceFirst("$1:xxxxx@");
    }
}
