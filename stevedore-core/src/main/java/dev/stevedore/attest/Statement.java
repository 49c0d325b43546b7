package dev.stevedore.attest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stevedore.oci.Digest;
import java.util.Map;
import java.util.Objects;

/**
 * An in-toto statement (v0.1, as BuildKit writes them) about one image manifest.
 *
 * @param predicateType {@code https://spdx.dev/Document}, {@code https://slsa.dev/provenance/v1}, …
 * @param predicate     the predicate's JSON
 * @param annotations   extra annotations for the statement's layer (besides {@code in-toto.io/predicate-type})
 */
public record Statement(String predicateType, ObjectNode predicate, Map<String, String> annotations) {

    public static final String TYPE = "https://in-toto.io/Statement/v0.1";
    public static final String MEDIA_TYPE = "application/vnd.in-toto+json";
    public static final String PREDICATE_TYPE_ANNOTATION = "in-toto.io/predicate-type";

    public Statement {
        Objects.requireNonNull(predicateType, "predicateType");
        Objects.requireNonNull(predicate, "predicate");
        annotations = Map.copyOf(annotations);
    }

    /**
     * The statement's bytes, its subject the image manifest {@code subject}, named as BuildKit
     * names it: {@code pkg:docker/NAME@TAG?platform=os%2Farch} (or the digest when untagged).
     */
    public byte[] json(String subjectName, Digest subject) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode s = mapper.createObjectNode();
        s.put("_type", TYPE);
        s.put("predicateType", predicateType);
        ObjectNode sub = s.putArray("subject").addObject();
        sub.put("name", subjectName);
        sub.putObject("digest").put(subject.algorithm(), subject.hex());
        s.set("predicate", predicate);
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(s);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a statement is always JSON", e);
        }
    }
}
