package dev.assay.agent.rjudge;

import java.util.Objects;

/**
 * One turn of an interaction. A user turn has {@code content}; an agent turn a {@code thought} and an {@code action}
 * (either may be empty); an environment turn the tool result in {@code content} (empty when the set has none).
 * Absent fields are empty strings, never null.
 */
public record Turn(Role role, String content, String thought, String action) {
    /** Who speaks. */
    public enum Role { USER, AGENT, ENVIRONMENT }

    public Turn {
        Objects.requireNonNull(role, "role");
        content = Objects.requireNonNullElse(content, "");
        thought = Objects.requireNonNullElse(thought, "");
        action = Objects.requireNonNullElse(action, "");
        if (role != Role.AGENT && (!thought.isEmpty() || !action.isEmpty())) {
            throw new IllegalArgumentException(role + " turn cannot have a thought or an action");
        }
        if (role == Role.AGENT && !content.isEmpty()) {
            throw new IllegalArgumentException("an agent turn has a thought and an action, not content");
        }
    }

    public static Turn user(String content) {
        return new Turn(Role.USER, content, "", "");
    }

    public static Turn agent(String thought, String action) {
        return new Turn(Role.AGENT, "", thought, action);
    }

    public static Turn environment(String content) {
        return new Turn(Role.ENVIRONMENT, content, "", "");
    }
}
