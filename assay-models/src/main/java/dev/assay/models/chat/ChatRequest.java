package dev.assay.models.chat;

import dev.assay.core.InvalidInputException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One chat completion to ask for. Absent settings are not sent, so the provider's defaults apply.
 *
 * @param model       the provider's model name
 * @param messages    the conversation, at least one message
 * @param temperature sampling temperature in [0, 2]
 * @param maxTokens   most tokens to generate, at least 1
 * @param seed        the provider's sampling seed (best effort on the provider's side)
 * @param logprobs    whether to ask for the log probability of each generated token
 * @param topLogprobs with {@code logprobs}, the most likely alternatives to return per token, 0 to {@value #MAX_TOP_LOGPROBS}
 */
public record ChatRequest(String model, List<ChatMessage> messages, Optional<Double> temperature, OptionalInt maxTokens,
                          OptionalLong seed, boolean logprobs, OptionalInt topLogprobs) {
    /** Most alternatives per token OpenAI's API returns. */
    public static final int MAX_TOP_LOGPROBS = 20;
    /** Highest sampling temperature accepted. */
    public static final double MAX_TEMPERATURE = 2;

    public ChatRequest {
        if (model == null || model.isBlank()) throw new InvalidInputException("a chat request needs a model name");
        Objects.requireNonNull(messages, "messages");
        if (messages.isEmpty()) throw new InvalidInputException("a chat request needs at least one message");
        messages = List.copyOf(messages);
        Objects.requireNonNull(temperature, "temperature");
        Objects.requireNonNull(maxTokens, "maxTokens");
        Objects.requireNonNull(seed, "seed");
        Objects.requireNonNull(topLogprobs, "topLogprobs");
        temperature.ifPresent(t -> {
            if (!(t >= 0 && t <= MAX_TEMPERATURE))
                throw new InvalidInputException("temperature must be in [0, " + (int) MAX_TEMPERATURE + "], but was " + t);
        });
        if (maxTokens.isPresent() && maxTokens.getAsInt() < 1)
            throw new InvalidInputException("max_tokens must be at least 1, but was " + maxTokens.getAsInt());
        if (topLogprobs.isPresent()) {
            int k = topLogprobs.getAsInt();
            if (k < 0 || k > MAX_TOP_LOGPROBS)
                throw new InvalidInputException("top_logprobs must be in [0, " + MAX_TOP_LOGPROBS + "], but was " + k);
            if (!logprobs) throw new InvalidInputException("top_logprobs needs logprobs");
        }
    }

    /** One user message to {@code model}, with the provider's defaults. */
    public static ChatRequest of(String model, String prompt) {
        return new ChatRequest(model, List.of(ChatMessage.user(prompt)), Optional.empty(), OptionalInt.empty(), OptionalLong.empty(),
                false, OptionalInt.empty());
    }

    /** This request at {@code t}. */
    public ChatRequest withTemperature(double t) {
        return new ChatRequest(model, messages, Optional.of(t), maxTokens, seed, logprobs, topLogprobs);
    }

    /** This request generating at most {@code n} tokens. */
    public ChatRequest withMaxTokens(int n) {
        return new ChatRequest(model, messages, temperature, OptionalInt.of(n), seed, logprobs, topLogprobs);
    }

    /** This request with the provider's sampling seed {@code s}. */
    public ChatRequest withSeed(long s) {
        return new ChatRequest(model, messages, temperature, maxTokens, OptionalLong.of(s), logprobs, topLogprobs);
    }

    /** This request asking for log probabilities with {@code top} alternatives per token. */
    public ChatRequest withLogprobs(int top) {
        return new ChatRequest(model, messages, temperature, maxTokens, seed, true, OptionalInt.of(top));
    }
}
