package dev.stevedore.registry;

import java.util.ArrayList;
import java.util.List;

/**
 * The access a request needs, as token scopes: {@code repository:library/alpine:pull}, and for
 * a push {@code repository:NAME:pull,push} plus {@code repository:FROM:pull} for each repository
 * blobs may be mounted from. Empty for {@code /v2/} itself.
 */
record Scope(List<String> scopes) {

    static final Scope NONE = new Scope(List.of());

    Scope {
        scopes = List.copyOf(scopes);
    }

    static Scope pull(String repository) {
        return new Scope(List.of("repository:" + repository + ":pull"));
    }

    static Scope push(String repository, List<String> mountFrom) {
        List<String> s = new ArrayList<>();
        s.add("repository:" + repository + ":pull,push");
        mountFrom.stream().filter(r -> !r.equals(repository)).distinct()
                .forEach(r -> s.add("repository:" + r + ":pull"));
        return new Scope(s);
    }

    /** The key tokens are cached under. */
    String key() {
        return String.join(" ", scopes);
    }
}
