package dev.assay.models.chat;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A provider's answer to a {@link ChatRequest}, provider-neutral: the first choice's text (empty when the model
 * only called tools), its tool calls, why generation stopped, token usage when reported and per-token log
 * probabilities when asked for and returned.
 *
 * @param id           the provider's completion id, empty when not given
 * @param model        the model the provider says answered (may differ from the one asked for), empty when not given
 * @param content      the text of the first choice
 * @param toolCalls    the first choice's tool calls, in order
 * @param finishReason {@code stop}, {@code length}, {@code tool_calls}, {@code content_filter}, ...; empty when not given
 * @param usage        token counts, when reported
 * @param logprobs     one entry per generated token, empty when not returned
 */
public record ChatResponse(String id, String model, String content, List<ToolCall> toolCalls, String finishReason,
                           Optional<Usage> usage, List<TokenLogprob> logprobs) {
    public ChatResponse {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(content, "content");
        toolCalls = List.copyOf(toolCalls);
        Objects.requireNonNull(finishReason, "finishReason");
        Objects.requireNonNull(usage, "usage");
        logprobs = List.copyOf(logprobs);
    }

    /**
     * One function call the model asked for.
     *
     * @param id        the provider's call id, empty when not given
     * @param name      the function's name
     * @param arguments its arguments as the provider sent them: JSON text (not checked, models do emit bad JSON)
     */
    public record ToolCall(String id, String name, String arguments) {
        public ToolCall {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(arguments, "arguments");
        }
    }

    /** Token counts of one completion. */
    public record Usage(long promptTokens, long completionTokens, long totalTokens) {
        public Usage {
            if (promptTokens < 0 || completionTokens < 0 || totalTokens < 0)
                throw new IllegalArgumentException("token counts must be >= 0");
        }
    }

    /** A generated token, its log probability and the most likely alternatives at its position. */
    public record TokenLogprob(String token, double logprob, List<Alternative> top) {
        public TokenLogprob {
            Objects.requireNonNull(token, "token");
            top = List.copyOf(top);
        }
    }

    /** One alternative token at a position and its log probability. */
    public record Alternative(String token, double logprob) {
        public Alternative {
            Objects.requireNonNull(token, "token");
        }
    }
}
