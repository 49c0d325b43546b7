package dev.stevedore.api;

import dev.stevedore.cache.CacheExchange;
import java.util.List;

/**
 * The build cache a build shares: where it imports cache from and exports it to, as
 * {@code --cache-from}/{@code --cache-to} values ({@code type=registry,ref=...},
 * {@code type=local,src=...|dest=...}, {@code type=inline}, a bare reference).
 *
 * @param from    the {@code --cache-from} values, in order
 * @param to      the {@code --cache-to} values
 * @param explain {@code --explain-cache}: say why each step missed
 */
public record SharedCache(List<String> from, List<String> to, boolean explain) {

    /**
     * Keeps copies of the lists, and checks each value as the build will read it.
     *
     * @throws dev.stevedore.diag.InvalidInputException a value the build cannot read, named
     */
    public SharedCache {
        from = List.copyOf(from);
        to = List.copyOf(to);
        CacheExchange.parse(from, to);
    }

    /**
     * No cache shared: the store's own only.
     *
     * @return no sources, no targets
     */
    public static SharedCache none() {
        return new SharedCache(List.of(), List.of(), false);
    }

    /**
     * These sources and targets, misses not explained.
     *
     * @param from the {@code --cache-from} values
     * @param to   the {@code --cache-to} values
     * @return the shared cache
     */
    public static SharedCache of(List<String> from, List<String> to) {
        return new SharedCache(from, to, false);
    }

    /**
     * This cache, each miss explained or not.
     *
     * @param e whether to explain misses
     * @return the copy
     */
    public SharedCache withExplain(boolean e) {
        return new SharedCache(from, to, e);
    }
}
