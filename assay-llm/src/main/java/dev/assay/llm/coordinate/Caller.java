package dev.assay.llm.coordinate;

import dev.assay.models.chat.ChatClient;
import dev.assay.models.chat.ChatMessage;
import dev.assay.models.chat.ChatRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/** Sends agents' prompts through a {@link ChatClient} and counts the calls (one per {@link ChatClient#complete}). */
final class Caller {
    private final ChatClient client;
    private final AtomicLong calls = new AtomicLong();

    Caller(ChatClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /** The reply of {@code agent} to {@code user}. */
    String ask(AgentSpec agent, String user) {
        List<ChatMessage> messages = new ArrayList<>(2);
        if (!agent.systemPrompt().isEmpty()) messages.add(ChatMessage.system(agent.systemPrompt()));
        messages.add(ChatMessage.user(user));
        ChatRequest request = new ChatRequest(agent.model(), messages, Optional.of(agent.temperature()), OptionalInt.empty(),
                OptionalLong.empty(), false, OptionalInt.empty());
        calls.incrementAndGet();
        return client.complete(request).content();
    }

    /** Calls made so far. */
    long calls() {
        return calls.get();
    }
}
