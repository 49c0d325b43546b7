package dev.stevedore.runtime.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;

/** Writes a {@link Spec} as the runtime's {@code config.json}: indented, nulls and empty lists left out. */
public final class SpecJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .setDefaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_EMPTY, JsonInclude.Include.NON_EMPTY))
            .enable(SerializationFeature.INDENT_OUTPUT);

    private SpecJson() {}

    public static byte[] write(Spec spec) {
        try {
            return (MAPPER.writeValueAsString(spec) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            // Records of strings, numbers and lists always serialize.
            throw new IllegalStateException("cannot write the runtime spec", e);
        }
    }
}
