package dev.assay.fingerprint.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.core.InvalidInputException;
import dev.assay.fingerprint.response.Response;
import dev.assay.fingerprint.response.ResponseLog;
import dev.assay.fingerprint.response.ToolCall;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * A monitor's observations: one response as a response-log record ({@code model, prompt_id, prompt, response,
 * tool_calls}, see {@link ResponseLog}) with the {@code time} it was answered (ISO-8601).
 */
final class Observations {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Observations() {}

    static ObjectNode of(Instant time, Response r) {
        ObjectNode n = JSON.createObjectNode().put("time", time.toString());
        if (r.model() != null) n.put("model", r.model());
        n.put("prompt_id", r.probeId());
        if (r.prompt() != null) n.put("prompt", r.prompt());
        n.put("response", r.text() == null ? "" : r.text());
        if (!r.toolCalls().isEmpty()) {
            ArrayNode calls = n.putArray("tool_calls");
            for (ToolCall c : r.toolCalls()) calls.addObject().put("name", c.name()).set("arguments", c.arguments());
        }
        return n;
    }

    /** The observation's time; InvalidInputException when it has none. */
    static Instant time(JsonNode o) {
        JsonNode t = o == null ? null : o.get("time");
        if (t == null || !t.isTextual()) throw new InvalidInputException("an observation needs a 'time' (ISO-8601, e.g. 2025-01-01T00:00:00Z)");
        try {
            return Instant.parse(t.asText());
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("an observation's 'time' must be ISO-8601 such as 2025-01-01T00:00:00Z, but was '"
                    + (t.asText().length() > 40 ? t.asText().substring(0, 40) + "..." : t.asText()) + "'");
        }
    }

    /** The observation's response; InvalidInputException naming the problem. */
    static Response response(JsonNode o) {
        if (o == null || !o.isObject()) throw new InvalidInputException("an observation must be a JSON object");
        try {
            return ResponseLog.parse(o.toString());
        } catch (InvalidInputException e) {
            throw new InvalidInputException("an observation is not a response record: " + e.getMessage());
        }
    }
}
