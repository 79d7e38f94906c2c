package dev.assay.server.llm;

import dev.assay.core.InvalidInputException;
import dev.assay.core.config.LlmConfig;
import dev.assay.models.chat.ChatClient;
import dev.assay.models.chat.ChatClientConfig;
import dev.assay.models.chat.ChatMetrics;
import dev.assay.models.chat.HourlyBudget;
import dev.assay.models.chat.MeteredChatClient;
import dev.assay.models.chat.PriceTable;
import dev.assay.models.chat.UsageLedger;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The model {@code POST /api/v1/llm/chat} forwards to: one sending client (its retries, rate limit and circuit
 * breaker shared by every request), the provider's name, the model asked for when a request names none, the prices,
 * the usage ledger and the hourly budget. Each request is charged under its {@code agent} through a
 * {@link MeteredChatClient} made for it and measured by {@link ChatMetrics}. Close it to close the client.
 *
 * @param provider {@code openai} or {@code anthropic}
 * @param model    the default model
 * @param client   the sending client (not metered, not observed)
 * @param metrics  the meters the calls are recorded in
 * @param prices   what tokens cost
 * @param ledger   where calls are recorded
 * @param budget   the hourly budget, empty for none
 */
public record LlmUpstream(String provider, String model, ChatClient client, ChatMetrics metrics, PriceTable prices, UsageLedger ledger,
                          Optional<HourlyBudget> budget) implements AutoCloseable {
    /** The agent a request that names none is charged under. */
    public static final String DEFAULT_AGENT = "proxy";
    /** Alternatives per token asked for when the provider gives log probabilities. */
    public static final int TOP_LOGPROBS = 5;

    public LlmUpstream {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(prices, "prices");
        Objects.requireNonNull(ledger, "ledger");
        Objects.requireNonNull(budget, "budget");
        metrics.observe(client, provider); // registers the breaker's gauge before any call
        metrics.bind(ledger, prices.currency(), budget);
    }

    /**
     * The upstream {@code config} names, or empty when it names no provider: the API key is read from the environment
     * variable it names (a variable that is unset or empty is a configuration error), the prices from its file.
     */
    public static Optional<LlmUpstream> from(LlmConfig config, Map<String, String> env, ChatMetrics metrics, Clock clock) {
        if (config.provider().isEmpty()) return Optional.empty();
        String provider = config.provider().get();
        ChatClientConfig cc = clientConfig(config);
        if (config.apiKeyEnv().isPresent()) {
            String key = env.get(config.apiKeyEnv().get());
            if (key == null || key.isBlank())
                throw new InvalidInputException("llm.apiKeyEnv names the environment variable " + config.apiKeyEnv().get() + ", which is not set");
            cc = cc.withApiKey(key.strip());
        }
        PriceTable prices = config.prices().map(PriceTable::read).orElseGet(PriceTable::empty);
        Optional<HourlyBudget> budget = config.budgetPerHour().map(b -> new HourlyBudget(b, prices.currency(), clock));
        ChatClient.RetryListener retries = metrics.retryListener(provider, ChatClient.RetryListener.NONE);
        ChatClient client = provider.equals(LlmConfig.ANTHROPIC) ? ChatClient.anthropic(cc, clock, retries) : ChatClient.openAi(cc, clock, retries);
        return Optional.of(new LlmUpstream(provider, config.model().orElseThrow(), client, metrics, prices, new UsageLedger(clock), budget));
    }

    /**
     * The sending client's settings: {@code config}'s base URL, its {@code llm.timeout} per attempt,
     * {@code llm.maxAttempts}, {@code llm.deadline} per call, and {@code llm.requestsPerMinute} without waiting for a permit (a request over the
     * limit is answered 429 with the time to the next permit at once instead of holding its connection); backoff and
     * circuit breaker are the client's defaults. No API key yet.
     */
    static ChatClientConfig clientConfig(LlmConfig config) {
        LlmConfig.Client c = config.client();
        return ChatClientConfig.defaults(config.effectiveBaseUrl().orElseThrow()).withTimeout(c.timeout())
                .withRetry(c.maxAttempts(), ChatClientConfig.DEFAULT_INITIAL_BACKOFF, ChatClientConfig.DEFAULT_MAX_BACKOFF)
                .withRateLimit(c.requestsPerMinute(), Duration.ofMinutes(1), Duration.ZERO).withDeadline(c.deadline());
    }

    /** Whether the provider returns log probabilities (Anthropic's API does not). */
    public boolean logprobs() {
        return !provider.equals(LlmConfig.ANTHROPIC);
    }

    /** A client charging {@code agent} and measured, for one request; not to be closed (it would close the shared client). */
    MeteredChatClient metered(String agent) {
        return new MeteredChatClient(client, agent, prices, ledger, budget, MeteredChatClient.DEFAULT_MAX_TOKENS_CAP);
    }

    @Override
    public void close() {
        client.close();
    }
}
