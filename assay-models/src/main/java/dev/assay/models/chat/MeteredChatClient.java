package dev.assay.models.chat;

import dev.assay.core.InvalidInputException;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A {@link ChatClient} that accounts for what its calls cost: each answered call goes in the {@link UsageLedger}
 * under the client's agent with its tokens and its cost from the {@link PriceTable}, and, with an
 * {@link HourlyBudget}, each call first reserves its worst-case cost (estimated prompt tokens plus
 * {@code max_tokens} at the model's prices) and is refused without being sent when that would exceed the budget.
 * With a budget a request without {@code max_tokens} is sent with {@link #maxTokensCap} so its worst case is a
 * real bound. A provider that reports no usage is charged the worst case (the entry says it is an estimate).
 * Closing it closes the client it wraps.
 */
public final class MeteredChatClient implements ChatClient {
    /** {@code max_tokens} sent, under a budget, when the request sets none. */
    public static final int DEFAULT_MAX_TOKENS_CAP = 4096;
    /** Characters per token of the prompt estimate: English averages about 4, so 3 over-counts most prompts. */
    public static final double CHARS_PER_TOKEN = 3;
    /** Tokens counted per message for its role and framing. */
    public static final int TOKENS_PER_MESSAGE = 4;

    private final ChatClient inner;
    private final String agent;
    private final PriceTable prices;
    private final UsageLedger ledger;
    private final Optional<HourlyBudget> budget;
    private final int maxTokensCap;
    private volatile UsageLedger.Entry last;

    /**
     * @param inner        the client that sends
     * @param agent        the tag this client's calls are recorded under
     * @param prices       the prices of the models
     * @param ledger       where calls are recorded (shared by every agent's client)
     * @param budget       the hourly budget (shared by every agent's client), empty for none
     * @param maxTokensCap {@code max_tokens} of a budgeted request that sets none
     */
    public MeteredChatClient(ChatClient inner, String agent, PriceTable prices, UsageLedger ledger, Optional<HourlyBudget> budget, int maxTokensCap) {
        this.inner = Objects.requireNonNull(inner, "inner");
        if (agent == null || agent.isBlank()) throw new InvalidInputException("a metered chat client needs an agent name");
        this.agent = agent;
        this.prices = Objects.requireNonNull(prices, "prices");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.budget = Objects.requireNonNull(budget, "budget");
        if (maxTokensCap < 1) throw new InvalidInputException("the max_tokens cap must be at least 1, but was " + maxTokensCap);
        this.maxTokensCap = maxTokensCap;
    }

    /** The estimated prompt tokens of {@code request}: {@link #CHARS_PER_TOKEN} characters a token plus {@link #TOKENS_PER_MESSAGE} per message. */
    public static long estimatePromptTokens(ChatRequest request) {
        long chars = 0;
        for (ChatMessage m : request.messages()) chars += m.content().length();
        return (long) Math.ceil(chars / CHARS_PER_TOKEN) + (long) TOKENS_PER_MESSAGE * request.messages().size();
    }

    /** The most {@code request} can cost: its estimated prompt and all of its {@code max_tokens} (the cap when it sets none). */
    public double worstCost(ChatRequest request) {
        int out = request.maxTokens().orElse(maxTokensCap);
        return prices.cost(request.model(), estimatePromptTokens(request), out).amount();
    }

    @Override
    public ChatResponse complete(ChatRequest request) {
        ChatRequest bounded = bounded(request);
        return metered(bounded, () -> inner.complete(bounded));
    }

    @Override
    public ChatResponse stream(ChatRequest request, Consumer<String> onDelta) {
        ChatRequest bounded = bounded(request);
        return metered(bounded, () -> inner.stream(bounded, onDelta));
    }

    /** The ledger entry of this client's latest answered call, empty before one (per call when a client is made per call). */
    public Optional<UsageLedger.Entry> lastEntry() {
        return Optional.ofNullable(last);
    }

    /** The currency of the prices calls are charged at. */
    public String currency() {
        return prices.currency();
    }

    @Override
    public CircuitState circuitState() {
        return inner.circuitState();
    }

    @Override
    public void close() {
        inner.close();
    }

    private ChatRequest bounded(ChatRequest r) {
        Objects.requireNonNull(r, "request");
        if (budget.isEmpty() || r.maxTokens().isPresent()) return r;
        return new ChatRequest(r.model(), r.messages(), r.temperature(), OptionalInt.of(maxTokensCap), r.seed(), r.logprobs(), r.topLogprobs());
    }

    private ChatResponse metered(ChatRequest request, Supplier<ChatResponse> call) {
        HourlyBudget.Reservation hold = budget.isPresent() ? budget.get().reserve(worstCost(request)) : null;
        ChatResponse r;
        try {
            r = call.get();
        } catch (RuntimeException e) {
            if (hold != null) hold.release();
            throw e;
        }
        boolean estimated = r.usage().isEmpty();
        long in = r.usage().map(ChatResponse.Usage::promptTokens).orElse(estimatePromptTokens(request));
        long out = r.usage().map(ChatResponse.Usage::completionTokens).orElse((long) request.maxTokens().orElse(maxTokensCap));
        PriceTable.Cost cost = prices.cost(request.model(), in, out);
        UsageLedger.Entry entry = new UsageLedger.Entry(ledger.clock().instant(), agent, request.model(), in, out, cost.amount(), cost.priced(), estimated);
        last = entry;
        ledger.record(entry);
        if (hold != null) hold.settle(cost.amount());
        return r;
    }
}
