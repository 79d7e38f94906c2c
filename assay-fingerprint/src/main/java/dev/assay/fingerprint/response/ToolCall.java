package dev.assay.fingerprint.response;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.assay.core.InvalidInputException;
import java.util.Objects;

/**
 * A tool call as structure: the tool's name and its arguments as JSON (an object for well-formed calls; a string
 * when the model wrote arguments that are not JSON, kept so that the malformation itself is behaviour).
 */
public record ToolCall(String name, JsonNode arguments) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public ToolCall {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) throw new InvalidInputException("a tool call needs a name");
        arguments = arguments == null ? NullNode.getInstance() : arguments.deepCopy();
    }

    /** A call whose arguments are JSON text (as OpenAI's {@code function.arguments}); text that is not JSON stays a string. */
    public static ToolCall of(String name, String argumentsJson) {
        if (argumentsJson == null || argumentsJson.isBlank()) return new ToolCall(name, NullNode.getInstance());
        try {
            return new ToolCall(name, JSON.readTree(argumentsJson));
        } catch (JacksonException e) {
            return new ToolCall(name, TextNode.valueOf(argumentsJson));
        }
    }

    /** The arguments read as a tree, a copy the caller may change. */
    @Override
    public JsonNode arguments() {
        return arguments.deepCopy();
    }

    /** The arguments' JSON type at the top: object, array, string, number, boolean or null. */
    public String argumentsType() {
        return typeOf(arguments);
    }

    static String typeOf(JsonNode n) {
        return switch (n.getNodeType()) {
            case OBJECT, POJO -> "object";
            case ARRAY -> "array";
            case STRING, BINARY -> "string";
            case NUMBER -> n.isIntegralNumber() ? "integer" : "number";
            case BOOLEAN -> "boolean";
            case NULL, MISSING -> "null";
        };
    }

    /** Visits every (path, type) pair of the arguments, depth first, paths like {@code to/0/name}. */
    public void forEachField(java.util.function.BiConsumer<String, String> visitor) {
        walk(arguments, "", visitor, 0);
    }

    private static void walk(JsonNode n, String path, java.util.function.BiConsumer<String, String> visitor, int depth) {
        visitor.accept(path, typeOf(n));
        if (depth >= 8) return;
        if (n.isObject()) {
            for (var it = n.fields(); it.hasNext(); ) {
                var e = it.next();
                walk(e.getValue(), path.isEmpty() ? e.getKey() : path + "/" + e.getKey(), visitor, depth + 1);
            }
        } else if (n.isArray()) {
            // Elements by type, not index: a list of three strings and one of four have the same shape.
            for (JsonNode e : n) walk(e, path + "/*", visitor, depth + 1);
        }
    }
}
