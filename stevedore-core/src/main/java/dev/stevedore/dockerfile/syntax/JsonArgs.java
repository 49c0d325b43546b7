package dev.stevedore.dockerfile.syntax;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * BuildKit's {@code parseJSON}: is the rest of a line the exec (JSON) form?
 *
 * <p>Three outcomes, as in Go: a valid JSON array of strings is the exec form; text that is
 * not valid JSON (or not an array) is the shell form; a valid JSON array holding anything
 * but strings is an error, because the user clearly meant the exec form.
 */
final class JsonArgs {

    /** Go's {@code errDockerfileNotStringArray}. */
    static final String NOT_STRING_ARRAY = "when using JSON array syntax, arrays must be comprised of strings only";

    // Jackson's defaults are as strict as Go's encoding/json: no comments, single quotes,
    // trailing commas, leading zeros or raw control characters.
    private static final JsonFactory JSON = new JsonFactory();

    private JsonArgs() {}

    /**
     * The strings of {@code rest} when it is a JSON array of strings; empty when it is not JSON.
     *
     * @throws SyntaxProblem when it is a valid JSON array with a non-string element
     */
    static Optional<List<String>> parse(String rest) {
        String text = GoText.trimLeft(rest);
        if (!text.startsWith("[")) {
            return Optional.empty();
        }
        var strings = new ArrayList<String>();
        boolean onlyStrings = true;
        try (JsonParser parser = JSON.createParser(text)) {
            parser.nextToken(); // START_ARRAY
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                if (token == JsonToken.VALUE_STRING) {
                    strings.add(parser.getText());
                } else {
                    onlyStrings = false;
                    parser.skipChildren();
                }
            }
            if (parser.nextToken() != null) {
                return Optional.empty(); // trailing text after the array: not JSON
            }
        } catch (IOException | RuntimeException notJson) {
            return Optional.empty();
        }
        if (!onlyStrings) {
            throw new SyntaxProblem(NOT_STRING_ARRAY + ": " + text);
        }
        return Optional.of(strings);
    }
}
