package dev.stevedore.dockerfile;

import java.util.Objects;

/**
 * One pair of an ENV or LABEL instruction, not expanded (quotes are still in {@code value}).
 *
 * @param legacyForm true for the old {@code ENV key value} form without {@code =}
 */
public record KeyValue(String key, String value, boolean legacyForm) {

    public KeyValue {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }
}
