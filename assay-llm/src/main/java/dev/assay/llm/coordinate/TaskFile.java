package dev.assay.llm.coordinate;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.core.InvalidInputException;
import dev.assay.core.TextLines;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Tasks as JSON lines {@code {"prompt": "...", "reference": "..."}} (reference optional; blank lines skipped; other keys refused). */
public final class TaskFile {
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Set<String> KEYS = Set.of("prompt", "reference");

    private TaskFile() {}

    /** Every task of {@code file}, at least one; a bad line is an {@link InvalidInputException} naming {@code file:line}. */
    public static List<Task> read(Path file) {
        return TextLines.read(file, "task", (line, n, where) -> parse(line, where));
    }

    /** One line; {@code where} starts every error message. */
    static Task parse(String line, String where) {
        JsonNode n;
        try {
            n = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(where + ": not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (n == null || !n.isObject()) throw new InvalidInputException(where + ": a line must be a JSON object");
        for (var it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!KEYS.contains(k)) throw new InvalidInputException(where + ": unknown key '" + k + "' (a task has prompt and reference)");
        }
        JsonNode p = n.get("prompt");
        if (p == null || !p.isTextual() || p.asText().isBlank()) throw new InvalidInputException(where + ": prompt must be a non-blank string");
        JsonNode ref = n.get("reference");
        if (ref != null && !ref.isNull() && !ref.isTextual()) throw new InvalidInputException(where + ": reference must be a string");
        return new Task(p.asText(), ref == null || ref.isNull() ? Optional.empty() : Optional.of(ref.asText()));
    }
}
