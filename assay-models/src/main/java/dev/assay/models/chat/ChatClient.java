package dev.assay.models.chat;

import java.time.Clock;
import java.time.Duration;

/**
 * A chat model behind an HTTP API. {@link #complete} blocks until the answer, or throws a {@link ChatException}
 * after the configured retries. Thread-safe; close it to release its connections.
 */
public interface ChatClient extends AutoCloseable {
    /** Sends {@code request} and returns the provider's answer. */
    ChatResponse complete(ChatRequest request);

    @Override
    void close();

    /** A client of an OpenAI-compatible {@code chat/completions} endpoint. */
    static ChatClient openAi(ChatClientConfig config) {
        return new OpenAiChatClient(config, Clock.systemUTC(), RetryListener.NONE);
    }

    /** As {@link #openAi(ChatClientConfig)}, telling {@code listener} of each retry; {@code clock} reads HTTP-date {@code Retry-After}s. */
    static ChatClient openAi(ChatClientConfig config, Clock clock, RetryListener listener) {
        return new OpenAiChatClient(config, clock, listener);
    }

    /** Told before each retry: which attempt failed, why, and how long the client waits. */
    @FunctionalInterface
    interface RetryListener {
        RetryListener NONE = (attempt, reason, wait) -> {};

        void retrying(int failedAttempt, String reason, Duration wait);
    }
}
