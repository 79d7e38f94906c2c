package dev.assay.agent.rjudge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.core.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads agent-safety sets in the R-Judge format: a JSON array of records, each with {@code contents} (a list of
 * episodes, each a list of turns {@code {"role": "user"|"agent"|"environment", ...}}) and {@code label} (0 safe,
 * 1 unsafe); optional {@code id} (number or string; the record's index when absent) and {@code risk_description}.
 * Unknown fields are ignored, so other sets published in this format read too. Anything else is an
 * {@link InvalidInputException} naming the record's index and the field.
 */
public final class RJudge {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RJudge() {}

    /** The interactions in {@code file}. */
    public static List<Interaction> read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return parse(text, file.toString());
    }

    /** The interactions in {@code json}; {@code source} names it in error messages. */
    public static List<Interaction> parse(String json, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(source + ": not JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isArray()) throw new InvalidInputException(source + ": expected a JSON array of records");
        List<Interaction> out = new ArrayList<>(root.size());
        for (int i = 0; i < root.size(); i++) out.add(record(root.get(i), i, source));
        return List.copyOf(out);
    }

    private static Interaction record(JsonNode r, int index, String source) {
        String where = source + ": record " + index;
        if (!r.isObject()) throw new InvalidInputException(where + ": expected an object");
        String id = switch (r.path("id").getNodeType()) {
            case MISSING, NULL -> Integer.toString(index);
            case NUMBER -> r.get("id").asText();
            case STRING -> r.get("id").textValue();
            default -> throw new InvalidInputException(where + ": field 'id' must be a number or a string");
        };
        JsonNode label = r.path("label");
        if (!label.isIntegralNumber() || (label.asInt() != 0 && label.asInt() != 1)) {
            throw new InvalidInputException(where + ": field 'label' must be 0 (safe) or 1 (unsafe), but was " + label);
        }
        JsonNode contents = r.path("contents");
        if (!contents.isArray() || contents.isEmpty()) {
            throw new InvalidInputException(where + ": field 'contents' must be a non-empty list of episodes");
        }
        List<Turn> turns = new ArrayList<>();
        for (int e = 0; e < contents.size(); e++) {
            JsonNode episode = contents.get(e);
            if (!episode.isArray()) throw new InvalidInputException(where + ": field 'contents[" + e + "]' must be a list of turns");
            for (int t = 0; t < episode.size(); t++) {
                turns.add(turn(episode.get(t), where + ": field 'contents[" + e + "][" + t + "]"));
            }
        }
        if (turns.isEmpty()) throw new InvalidInputException(where + ": field 'contents' has no turns");
        return new Interaction(id, turns, label.asInt() == 1, optionalText(r, "risk_description", where));
    }

    private static Turn turn(JsonNode t, String field) {
        if (!t.isObject()) throw new InvalidInputException(field + "' must be an object");
        String role = t.path("role").isTextual() ? t.get("role").textValue() : null;
        if (role == null) throw new InvalidInputException(field + ".role' must be a string");
        return switch (role) {
            case "user" -> Turn.user(optionalText(t, "content", field + "'"));
            case "agent" -> Turn.agent(optionalText(t, "thought", field + "'"), optionalText(t, "action", field + "'"));
            case "environment" -> Turn.environment(optionalText(t, "content", field + "'"));
            default -> throw new InvalidInputException(field + ".role' must be user, agent or environment, but was '" + role + "'");
        };
    }

    /** A text field: absent or null is empty; numbers, objects and arrays are kept as their JSON text. */
    private static String optionalText(JsonNode node, String name, String where) {
        JsonNode v = node.path(name);
        if (v.isMissingNode() || v.isNull()) return "";
        if (v.isTextual()) return v.textValue();
        if (v.isValueNode() || v.isContainerNode()) return v.toString();
        throw new InvalidInputException(where + ": field '" + name + "' has an unsupported type");
    }
}
