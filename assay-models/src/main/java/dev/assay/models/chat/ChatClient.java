package dev.assay.models.chat;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * A chat model behind an HTTP API. {@link #complete} blocks until the answer, or throws a {@link ChatException}
 * after the configured retries; {@link #stream} does the same while handing over the text as it is generated.
 * Thread-safe; close it to release its connections.
 */
public interface ChatClient extends AutoCloseable {
    /** Sends {@code request} and returns the provider's answer. */
    ChatResponse complete(ChatRequest request);

    /**
     * Sends {@code request} asking for a streamed answer, gives each piece of generated text to {@code onDelta} in
     * order as it arrives (on a reader thread, one at a time), and returns the whole answer assembled from the
     * stream. The time limit covers the whole stream; a failure before any text was delivered is retried like
     * {@link #complete}'s, one after is not (the text would be delivered twice).
     */
    ChatResponse stream(ChatRequest request, Consumer<String> onDelta);

    @Override
    void close();

    /** The state of the client's circuit breaker (a client without one is always {@link CircuitState#CLOSED}). */
    default CircuitState circuitState() {
        return CircuitState.CLOSED;
    }

    /** A circuit breaker's state; {@link #gaugeValue()} is its value on the {@code assay.llm.client.circuit.state} gauge. */
    enum CircuitState {
        /** Calls go through. */
        CLOSED,
        /** Calls are refused without being sent. */
        OPEN,
        /** One trial call decides whether it closes or reopens. */
        HALF_OPEN;

        /** 0 closed, 1 open, 2 half-open. */
        public int gaugeValue() {
            return ordinal();
        }
    }

    /** A client of an OpenAI-compatible {@code chat/completions} endpoint (OpenAI, vLLM, llama.cpp server, Ollama). */
    static ChatClient openAi(ChatClientConfig config) {
        return new OpenAiChatClient(config, Clock.systemUTC(), RetryListener.NONE);
    }

    /** As {@link #openAi(ChatClientConfig)}, telling {@code listener} of each retry; {@code clock} reads HTTP-date {@code Retry-After}s. */
    static ChatClient openAi(ChatClientConfig config, Clock clock, RetryListener listener) {
        return new OpenAiChatClient(config, clock, listener);
    }

    /** A client of Anthropic's Messages API ({@code POST {base}/v1/messages}). */
    static ChatClient anthropic(ChatClientConfig config) {
        return new AnthropicChatClient(config, Clock.systemUTC(), RetryListener.NONE);
    }

    /** As {@link #anthropic(ChatClientConfig)}, telling {@code listener} of each retry; {@code clock} reads HTTP-date {@code Retry-After}s. */
    static ChatClient anthropic(ChatClientConfig config, Clock clock, RetryListener listener) {
        return new AnthropicChatClient(config, clock, listener);
    }

    /** Told before each retry: which attempt failed, why, and how long the client waits. */
    @FunctionalInterface
    interface RetryListener {
        RetryListener NONE = (attempt, reason, wait) -> {};

        void retrying(int failedAttempt, String reason, Duration wait);

        /**
         * As {@link #retrying(int, String, Duration)}, with the failure itself (a {@link ChatException}, or null when
         * unknown); by default told as its message.
         */
        default void retrying(int failedAttempt, Throwable failure, Duration wait) {
            retrying(failedAttempt, failure == null ? "" : String.valueOf(failure.getMessage()), wait);
        }
    }
}
