package dev.assay.models.chat;

import dev.assay.core.InvalidInputException;
import java.util.Set;

/**
 * One message of a conversation.
 *
 * @param role    {@code system}, {@code user}, {@code assistant} or {@code developer}
 * @param content its text
 */
public record ChatMessage(String role, String content) {
    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant");

    public ChatMessage {
        if (role == null || !ROLES.contains(role))
            throw new InvalidInputException("a chat message's role must be one of system, developer, user, assistant, but was "
                    + (role == null ? "missing" : "'" + role + "'"));
        if (content == null) throw new InvalidInputException("a chat message needs a content");
    }

    /** A user message. */
    public static ChatMessage user(String content) {
        return new ChatMessage("user", content);
    }

    /** A system message. */
    public static ChatMessage system(String content) {
        return new ChatMessage("system", content);
    }
}
