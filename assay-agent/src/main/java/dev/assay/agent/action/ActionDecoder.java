package dev.assay.agent.action;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.core.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a proposed action from JSON, in any of three shapes:
 * <ul>
 *   <li>Assay's own: {@code {"kind": "shell|file_read|file_write|file_delete|http|tool", "command" | "path" | "url" |
 *       "tool": ..., "arguments": {...}, "content": ..., "method": ..., "agent", "goal", "context": [...], "signature"}};</li>
 *   <li>an OpenAI-style {@code tool_calls} entry: {@code {"type": "function", "function": {"name", "arguments": "<json>"}}};</li>
 *   <li>an MCP {@code tools/call} request: {@code {"jsonrpc": "2.0", "method": "tools/call", "params": {"name", "arguments"}}}.</li>
 * </ul>
 * Tool calls are typed by their tool's name and arguments: shell tools ({@code bash}, {@code run_command},
 * {@code execute_command}, {@code TerminalExecute}, ... with a {@code command}) become SHELL actions, file tools with a
 * path FILE_READ, FILE_WRITE or FILE_DELETE, fetch tools with a URL HTTP, the rest TOOL. The agent, goal, context and
 * signature may accompany any shape as top-level fields. Limits: {@value #MAX_BYTES} bytes of JSON, nesting depth
 * {@value #MAX_DEPTH}, strings of {@value #MAX_STRING} characters.
 */
public final class ActionDecoder {
    public static final int MAX_BYTES = 1 << 20;
    public static final int MAX_DEPTH = 32;
    public static final int MAX_STRING = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).maxStringLength(MAX_STRING).build())
            .build());
    private static final Pattern SHELL_TOOL = Pattern.compile("(?i)(bash|sh|zsh|shell|terminal|cmd|command|exec|execute|run|system)"
            + "|.*(shell|terminal|bash)(_?(exec|execute|run|command|cmd|tool))?|(run|exec|execute)_?(shell_?)?(command|cmd|bash|shell|terminal)s?"
            + "|terminal_?execute|run_terminal_cmd|execute_command_line");
    private static final Pattern READ_TOOL = Pattern.compile("(?i)(read|view|cat|open|get|load)_?(text_?)?files?(_content)?|file_?read|read_text_file|view_file");
    private static final Pattern WRITE_TOOL = Pattern.compile("(?i)(write|create|edit|save|append|update|modify|replace|str_replace)(_?(text_?)?files?)?(_content)?|file_?write|str_replace_editor|apply_patch");
    private static final Pattern DELETE_TOOL = Pattern.compile("(?i)(delete|remove|rm|unlink)_?(files?|dir|directory)?|file_?delete");
    private static final Pattern HTTP_TOOL = Pattern.compile("(?i)(http|https)(_?(request|get|post|fetch))?|fetch(_?url)?|web_?fetch|curl|wget|browse|open_?url|get_?url|request");
    private static final List<String> COMMAND_KEYS = List.of("command", "cmd", "script", "commandLine", "command_line", "shell_command");
    private static final List<String> PATH_KEYS = List.of("path", "file_path", "filePath", "filename", "file", "target_file", "target");
    private static final List<String> URL_KEYS = List.of("url", "uri", "href", "endpoint");
    private static final Set<String> OWN_KEYS = Set.of("kind", "command", "path", "url", "tool", "arguments", "content", "method", "agent",
            "goal", "context", "signature", "id");

    private ActionDecoder() {}

    /** Reads one action from JSON text. */
    public static Action decode(String json) {
        if (json == null || json.isBlank()) throw new InvalidInputException("no action: the input is empty");
        if (json.length() > MAX_BYTES) throw new InvalidInputException("the action is " + json.length() + " characters long; at most " + MAX_BYTES + " are read");
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new InvalidInputException("the action is not valid JSON: " + problem(e));
        }
        return decode(node);
    }

    /** Reads one action from a parsed JSON object. */
    public static Action decode(JsonNode node) {
        Action a = decodeFields(node);
        com.fasterxml.jackson.databind.node.ObjectNode unsigned = ((com.fasterxml.jackson.databind.node.ObjectNode) node).deepCopy();
        unsigned.remove("signature");
        return new Action(a.kind(), a.tool(), a.target(), a.arguments(), a.agent(), a.goal(), a.context(), a.signature(),
                Action.SIGNED_TAG + dev.assay.core.CanonicalJson.text(unsigned));
    }

    private static Action decodeFields(JsonNode node) {
        if (node == null || !node.isObject()) throw new InvalidInputException("an action must be a JSON object");
        String agent = text(node, "agent");
        String goal = text(node, "goal");
        List<String> context = context(node.get("context"));
        String signature = text(node, "signature");
        if (node.has("method") && node.has("params") && "tools/call".equals(node.get("method").asText())) {
            JsonNode params = node.get("params");
            if (!params.isObject()) throw new InvalidInputException("params of an MCP tools/call request must be an object");
            return tool(required(params, "name", "params.name"), arguments(params.get("arguments"), "params.arguments"), agent, goal, context, signature);
        }
        if (node.has("method") && node.has("jsonrpc")) {
            throw new InvalidInputException("an MCP request with method " + abbreviate(node.get("method").asText()) + " is not an action; only tools/call is");
        }
        JsonNode function = node.get("function");
        if (function != null && function.isObject()) {
            return tool(required(function, "name", "function.name"), arguments(function.get("arguments"), "function.arguments"), agent, goal, context, signature);
        }
        JsonNode kindNode = node.get("kind");
        if (kindNode == null) {
            throw new InvalidInputException("not an action: expected a kind (Assay's form), a function (an OpenAI tool call) or method tools/call (MCP)");
        }
        for (var it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!OWN_KEYS.contains(f)) throw new InvalidInputException("unknown field '" + abbreviate(f) + "' in an action");
        }
        String k = kindNode.asText().toLowerCase(Locale.ROOT);
        JsonNode args = arguments(node.get("arguments"), "arguments");
        return switch (k) {
            case "shell" -> new Action(Action.Kind.SHELL, "shell", required(node, "command", "command"), args, agent, goal, context, signature);
            case "file_read", "file_write", "file_delete" -> {
                var a = args.deepCopy();
                if (node.has("content") && a.isObject()) ((com.fasterxml.jackson.databind.node.ObjectNode) a).set("content", node.get("content"));
                yield new Action(Action.Kind.valueOf(k.toUpperCase(Locale.ROOT)), k, required(node, "path", "path"), a, agent, goal, context, signature);
            }
            case "http" -> {
                var a = args.deepCopy();
                if (node.has("method") && a.isObject()) ((com.fasterxml.jackson.databind.node.ObjectNode) a).set("method", node.get("method"));
                yield new Action(Action.Kind.HTTP, "http", required(node, "url", "url"), a, agent, goal, context, signature);
            }
            case "tool" -> tool(required(node, "tool", "tool"), args, agent, goal, context, signature);
            default -> throw new InvalidInputException("unknown action kind '" + abbreviate(k) + "'; expected shell, file_read, file_write, file_delete, http or tool");
        };
    }

    /** A tool call by name, typed by its name and arguments as the decoder types OpenAI and MCP calls. */
    public static Action toolCall(String name, JsonNode args, String agent, String goal, List<String> context) {
        if (name == null || name.isBlank()) throw new InvalidInputException("a tool call needs a name");
        return tool(name, args == null || !args.isObject() ? JSON.createObjectNode() : args, agent, goal, context, null);
    }

    /** A tool call typed by its name and arguments. */
    static Action tool(String name, JsonNode args, String agent, String goal, List<String> context, String signature) {
        String command = firstText(args, COMMAND_KEYS);
        if (command != null && SHELL_TOOL.matcher(name).matches()) {
            return new Action(Action.Kind.SHELL, name, command, args, agent, goal, context, signature);
        }
        String path = firstText(args, PATH_KEYS);
        if (path != null) {
            if (DELETE_TOOL.matcher(name).matches()) return new Action(Action.Kind.FILE_DELETE, name, path, args, agent, goal, context, signature);
            if (WRITE_TOOL.matcher(name).matches()) return new Action(Action.Kind.FILE_WRITE, name, path, args, agent, goal, context, signature);
            if (READ_TOOL.matcher(name).matches()) return new Action(Action.Kind.FILE_READ, name, path, args, agent, goal, context, signature);
        }
        String url = firstText(args, URL_KEYS);
        if (url != null && HTTP_TOOL.matcher(name).matches()) return new Action(Action.Kind.HTTP, name, url, args, agent, goal, context, signature);
        return new Action(Action.Kind.TOOL, name, name, args, agent, goal, context, signature);
    }

    /** The parser's complaint on one line, without the names of its own settings. */
    public static String problem(JacksonException e) {
        String m = e.getOriginalMessage();
        if (m == null) return "unreadable input";
        m = m.replaceAll(":?\\s*enable `[^`]*` to allow", "").replaceAll("`[^`]*`", "value").replaceAll("\\s+", " ").strip();
        return m.length() > 200 ? m.substring(0, 200) + "..." : m;
    }

    private static String firstText(JsonNode args, List<String> keys) {
        for (String k : keys) {
            JsonNode v = args.get(k);
            if (v != null && v.isTextual()) return v.asText();
        }
        return null;
    }

    private static JsonNode arguments(JsonNode v, String where) {
        if (v == null || v.isNull()) return JSON.createObjectNode();
        if (v.isTextual()) {
            String s = v.asText();
            if (s.isBlank()) return JSON.createObjectNode();
            try {
                JsonNode parsed = JSON.readTree(s);
                if (parsed == null || !parsed.isObject()) throw new InvalidInputException(where + " must be a JSON object (or a string holding one)");
                return parsed;
            } catch (JacksonException e) {
                throw new InvalidInputException(where + " is a string but not valid JSON: " + problem(e));
            }
        }
        if (!v.isObject()) throw new InvalidInputException(where + " must be a JSON object (or a string holding one)");
        return v;
    }

    private static List<String> context(JsonNode v) {
        List<String> out = new ArrayList<>();
        if (v == null || v.isNull()) return out;
        if (!v.isArray()) throw new InvalidInputException("context must be an array of strings or objects");
        for (JsonNode item : v) out.add(item.isTextual() ? item.asText() : item.toString());
        return out;
    }

    private static String required(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) throw new InvalidInputException("field " + where + " is required");
        if (!v.isTextual()) throw new InvalidInputException(where + " must be a string");
        return v.asText();
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw new InvalidInputException(field + " must be a string");
        return v.asText();
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
