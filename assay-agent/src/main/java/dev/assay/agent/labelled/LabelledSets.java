package dev.assay.agent.labelled;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.agent.action.Action;
import dev.assay.agent.action.ActionDecoder;
import dev.assay.core.InvalidInputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Reads labelled sets:
 * <ul>
 *   <li>{@code secbash}: {@code {"metadata", "commands": [{"command", "ground_truth"?: "ALLOW" | "BLOCK", ...}]}}; a
 *       command without {@code ground_truth} is abusive (as in the GTFOBins file); a command may be a multi-line script;</li>
 *   <li>{@code jsonl}: one object per line, {@code {"label": 0 | 1 | "safe" | "unsafe" | "allow" | "block" | "deny",
 *       "action": {...}}}, the action in any shape {@link ActionDecoder} reads; blank lines skipped.</li>
 * </ul>
 * A problem names the file and the record (index or line).
 */
public final class LabelledSets {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The formats. */
    public enum Format { SECBASH, JSONL, RJUDGE }

    private LabelledSets() {}

    public static List<Labelled> read(Path file, Format format) {
        return switch (format) {
            case SECBASH -> secbash(file);
            case JSONL -> jsonl(file);
            case RJUDGE -> rjudge(file);
        };
    }

    static List<Labelled> secbash(Path file) {
        JsonNode root;
        try (InputStream in = Files.newInputStream(file)) {
            root = JSON.readTree(in);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + " does not exist");
        } catch (JacksonException e) {
            throw new InvalidInputException(file + " is not a SecBASH file: not valid JSON: " + ActionDecoder.problem(e));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + file, e);
        }
        if (root == null || !root.isObject() || !root.has("commands") || !root.get("commands").isArray()) {
            throw new InvalidInputException(file + " is not a SecBASH file: it has no commands array");
        }
        List<Labelled> out = new ArrayList<>();
        JsonNode commands = root.get("commands");
        for (int i = 0; i < commands.size(); i++) {
            JsonNode c = commands.get(i);
            String where = file + ": commands[" + i + "]";
            if (!c.isObject() || !c.has("command") || !c.get("command").isTextual()) throw new InvalidInputException(where + " has no command");
            JsonNode truth = c.get("ground_truth");
            boolean unsafe;
            if (truth == null || truth.isNull()) unsafe = true;
            else {
                String t = truth.asText().toUpperCase(Locale.ROOT);
                if (!t.equals("ALLOW") && !t.equals("BLOCK")) throw new InvalidInputException(where + ": ground_truth must be ALLOW or BLOCK, but was " + abbreviate(truth.asText()));
                unsafe = t.equals("BLOCK");
            }
            out.add(new Labelled(Action.shell(c.get("command").asText()), unsafe, where));
        }
        return out;
    }

    static List<Labelled> jsonl(Path file) {
        List<Labelled> out = new ArrayList<>();
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try (BufferedReader r = new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(file), decoder))) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) continue;
                String where = file + ":" + n;
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (JacksonException e) {
                    throw new InvalidInputException(where + ": not valid JSON: " + ActionDecoder.problem(e));
                }
                if (node == null || !node.isObject()) throw new InvalidInputException(where + ": a record must be a JSON object");
                if (!node.has("action")) throw new InvalidInputException(where + ": field action is required");
                boolean unsafe = label(node.get("label"), where);
                try {
                    out.add(new Labelled(ActionDecoder.decode(node.get("action")), unsafe, where));
                } catch (InvalidInputException e) {
                    throw new InvalidInputException(where + ": " + e.getMessage());
                }
            }
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + " does not exist");
        } catch (java.nio.charset.MalformedInputException e) {
            throw new InvalidInputException(file + " is not UTF-8 text");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + file, e);
        }
        if (out.isEmpty()) throw new InvalidInputException(file + " holds no labelled action");
        return out;
    }

    /**
     * R-Judge interactions (and other agent-safety sets in its format): each agent turn's action, as written
     * ({@code Name{args}} or {@code Name\nAction Input: {args}}, arguments as JSON or as a Python dict), becomes a tool
     * call with the turns before it as context; a turn whose action names no tool is kept as a generic tool call.
     */
    static List<Labelled> rjudge(Path file) {
        List<Labelled> out = new ArrayList<>();
        for (dev.assay.agent.rjudge.Interaction in : dev.assay.agent.rjudge.RJudge.read(file)) {
            List<Action> actions = new ArrayList<>();
            List<String> context = new ArrayList<>();
            String goal = "";
            for (dev.assay.agent.rjudge.Turn t : in.turns()) {
                switch (t.role()) {
                    case USER -> {
                        if (goal.isEmpty()) goal = t.content();
                        context.add("user: " + t.content());
                    }
                    case ENVIRONMENT -> context.add("tool result: " + t.content());
                    case AGENT -> {
                        if (t.action() != null && !t.action().isBlank()) actions.add(toolCall(t.action(), goal, context));
                        context.add("agent: " + Objects.toString(t.thought(), ""));
                    }
                }
            }
            if (actions.isEmpty()) continue;
            out.add(new Labelled(actions, in.unsafe(), file + ": record " + in.id(), in));
        }
        if (out.isEmpty()) throw new InvalidInputException(file + " holds no interaction with an agent action");
        return out;
    }

    private static final java.util.regex.Pattern TOOL_NAME = java.util.regex.Pattern.compile("^\\s*([A-Za-z_][A-Za-z0-9_.-]*)\\s*(.*)$", java.util.regex.Pattern.DOTALL);

    static Action toolCall(String text, String goal, List<String> context) {
        java.util.regex.Matcher m = TOOL_NAME.matcher(text);
        if (!m.matches()) return ActionDecoder.toolCall("(unnamed tool)", JSON.createObjectNode().put("input", text), null, goal, context);
        String rest = m.group(2).replaceFirst("^(?s)\\s*(Action Input:|:)\\s*", "").strip();
        JsonNode args = null;
        for (String candidate : List.of(rest, rest.replace("'", "\"").replace("True", "true").replace("False", "false").replace("None", "null"))) {
            try {
                JsonNode n = JSON.readTree(candidate);
                if (n != null && n.isObject()) {
                    args = n;
                    break;
                }
            } catch (JacksonException e) {
                // not JSON in this form; try the next, else keep the text as the input
            }
        }
        if (args == null) args = JSON.createObjectNode().put("input", rest);
        return ActionDecoder.toolCall(m.group(1), args, null, goal, context);
    }

    static boolean label(JsonNode v, String where) {
        if (v == null || v.isNull()) throw new InvalidInputException(where + ": field label is required");
        if (v.isIntegralNumber() && (v.asInt() == 0 || v.asInt() == 1)) return v.asInt() == 1;
        if (v.isTextual()) {
            switch (v.asText().toLowerCase(Locale.ROOT)) {
                case "0", "safe", "allow" -> {
                    return false;
                }
                case "1", "unsafe", "block", "deny" -> {
                    return true;
                }
                default -> { }
            }
        }
        throw new InvalidInputException(where + ": label must be 0, 1, safe, unsafe, allow, block or deny, but was " + abbreviate(v.toString()));
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
