package dev.assay.agent.action;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.assay.core.InvalidInputException;
import java.util.List;
import java.util.Objects;

/**
 * One proposed action: its kind; the tool that would carry it out (the tool's name for tool calls, else the kind's
 * name); its target (the command line, the path, the URL, or the tool's name); its arguments; the proposing agent
 * (null when not said); the goal the agent stated; the context it has read (user requests and tool results, oldest
 * first); an optional Ed25519 signature (base64) by the agent; and the message that signature covers (null when the
 * action was not decoded from JSON): {@value #SIGNED_TAG} followed by the canonical JSON ({@code core.CanonicalJson}) of
 * the action object as sent, without its {@code signature} field.
 */
public record Action(Kind kind, String tool, String target, JsonNode arguments, String agent, String goal, List<String> context,
                     String signature, String signedMessage) {
    /** What a signed message starts with, so that an action signature is never valid for anything else. */
    public static final String SIGNED_TAG = "assay-agent-action/1\n";

    /** What an action does. */
    public enum Kind { SHELL, FILE_READ, FILE_WRITE, FILE_DELETE, HTTP, TOOL }

    public Action {
        Objects.requireNonNull(kind, "kind");
        if (tool == null || tool.isBlank()) throw new InvalidInputException("an action needs a tool name");
        if (target == null) throw new InvalidInputException("an action needs a target (command, path, url or tool)");
        arguments = arguments == null ? JsonNodeFactory.instance.objectNode() : arguments;
        context = List.copyOf(Objects.requireNonNullElse(context, List.of()));
        if (agent != null && agent.isBlank()) agent = null;
        goal = Objects.requireNonNullElse(goal, "");
    }

    /** An action that was not decoded from JSON (no signed message). */
    public Action(Kind kind, String tool, String target, JsonNode arguments, String agent, String goal, List<String> context, String signature) {
        this(kind, tool, target, arguments, agent, goal, context, signature, null);
    }

    /** A shell command, without context. */
    public static Action shell(String command) {
        return new Action(Kind.SHELL, "shell", command, null, null, "", List.of(), null);
    }
}
