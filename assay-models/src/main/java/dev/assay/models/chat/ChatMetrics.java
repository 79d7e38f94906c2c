package dev.assay.models.chat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The meters of the chat clients, in the registry given (no global state), with OpenTelemetry's GenAI semantic
 * convention names where one fits:
 * <ul>
 *   <li>{@value #DURATION} (histogram in seconds, on the convention's advised bucket boundaries {@link #DURATION_BUCKETS};
 *       tags {@code gen_ai.operation.name=chat}, {@code gen_ai.provider.name}, {@code gen_ai.request.model}, and
 *       {@code error.type} on a failed call; Prometheus: {@code gen_ai_client_operation_duration_seconds_bucket/_count/_sum});</li>
 *   <li>{@value #TOKENS} (histogram of tokens per call on {@link #TOKEN_BUCKETS}; tag {@code gen_ai.token.type} input or
 *       output; no base unit, since the convention's {@code {token}} is an annotation that Prometheus would spell into
 *       the name: {@code gen_ai_client_token_usage_bucket/_count/_sum});</li>
 *   <li>{@value #REQUESTS} (counter; tags provider and {@code outcome}: success or one of {@link Outcome}'s failures),
 *       {@value #RETRIES}, {@value #RATE_LIMITED} (429 answers and the client's own rate limit refusing, retried or
 *       not), {@value #CIRCUIT} (gauge per provider: 0 closed, 1 open, 2 half-open), {@value #COST} (counter of what
 *       calls cost in the price table's currency, per agent) and {@value #BUDGET_SPENT} (gauge: the rolling hour's spend).</li>
 * </ul>
 * It also keeps the calls of the last {@link #WINDOW} (at most {@link #MAX_CALLS}), on its clock, for the alert rules
 * that look at rates over minutes ({@link #calls(Duration)}). Thread-safe.
 */
public final class ChatMetrics {
    public static final String DURATION = "gen_ai.client.operation.duration";
    public static final String TOKENS = "gen_ai.client.token.usage";
    public static final String REQUESTS = "assay.llm.client.requests";
    public static final String RETRIES = "assay.llm.client.retries";
    public static final String RATE_LIMITED = "assay.llm.client.rate_limited";
    public static final String CIRCUIT = "assay.llm.client.circuit.state";
    public static final String COST = "assay.llm.client.cost";
    public static final String BUDGET_SPENT = "assay.llm.client.budget.spent_hour";
    /** The bucket boundaries, in seconds, the GenAI convention advises for {@value #DURATION}. */
    public static final List<Double> DURATION_BUCKETS =
            List.of(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92);
    /** The bucket boundaries, in tokens, the GenAI convention advises for {@value #TOKENS}. */
    public static final List<Double> TOKEN_BUCKETS = List.of(1d, 4d, 16d, 64d, 256d, 1024d, 4096d, 16384d, 65536d, 262144d,
            1048576d, 4194304d, 16777216d, 67108864d);
    /** How far back {@link #calls(Duration)} can look. */
    public static final Duration WINDOW = Duration.ofMinutes(15);
    /** Most calls kept for {@link #calls(Duration)}. */
    public static final int MAX_CALLS = 100_000;

    /** How a call ended, as the {@code outcome} and {@code error.type} tags say it. */
    public enum Outcome {
        SUCCESS("success"),
        RATE_LIMITED("rate_limited"),
        TIMEOUT("timeout"),
        CIRCUIT_OPEN("circuit_open"),
        PROVIDER_ERROR("provider_error"),
        INVALID_REQUEST("invalid_request"),
        BUDGET_EXCEEDED("budget_exceeded"),
        /** A failure that is none of the client's typed errors. */
        OTHER("_OTHER");

        private final String tag;

        Outcome(String tag) {
            this.tag = tag;
        }

        /** The tag value. */
        public String tag() {
            return tag;
        }

        /** Whether the call reached (or was meant to reach) the provider and failed there: what the error rate counts. */
        public boolean providerFailure() {
            return this == RATE_LIMITED || this == TIMEOUT || this == CIRCUIT_OPEN || this == PROVIDER_ERROR || this == OTHER;
        }

        /** Whether we refused the call before sending it for reasons of our own (the request, the budget). */
        public boolean refusedLocally() {
            return this == INVALID_REQUEST || this == BUDGET_EXCEEDED;
        }

        /** The outcome of a call that threw {@code e}. */
        public static Outcome of(Throwable e) {
            return switch (e) {
                case RateLimitedException r -> RATE_LIMITED;
                case ChatTimeoutException t -> TIMEOUT;
                case CircuitOpenException c -> CIRCUIT_OPEN;
                case ProviderException p -> PROVIDER_ERROR;
                case InvalidRequestException i -> INVALID_REQUEST;
                case BudgetExceededException b -> BUDGET_EXCEEDED;
                default -> OTHER;
            };
        }
    }

    /**
     * One call as the rules see it.
     *
     * @param time     when it ended
     * @param provider {@code openai}, {@code anthropic}, ...
     * @param model    the model asked for
     * @param outcome  how it ended
     * @param duration how long it took, retries and waits included
     */
    public record Call(Instant time, String provider, String model, Outcome outcome, Duration duration) {
        public Call {
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(duration, "duration");
        }
    }

    private static final Duration[] DURATION_SLOS =
            DURATION_BUCKETS.stream().map(s -> Duration.ofNanos(Math.round(s * 1e9))).toArray(Duration[]::new);
    private static final double[] TOKEN_SLOS = TOKEN_BUCKETS.stream().mapToDouble(Double::doubleValue).toArray();

    private final MeterRegistry meters;
    private final Clock clock;
    private final Deque<Call> recent = new ArrayDeque<>();
    private final Deque<Instant> limited = new ArrayDeque<>();
    private final Map<String, ChatClient> circuits = new ConcurrentHashMap<>();

    /** Meters in {@code meters}; {@code clock} stamps the calls kept for the rules. */
    public ChatMetrics(MeterRegistry meters, Clock clock) {
        this.meters = Objects.requireNonNull(meters, "meters");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The clock calls are stamped on. */
    public Clock clock() {
        return clock;
    }

    /** The registry the meters are in. */
    public MeterRegistry registry() {
        return meters;
    }

    /**
     * A retry listener counting {@code provider}'s retries and its 429 answers (give it to the client's factory),
     * then telling {@code next}.
     */
    public ChatClient.RetryListener retryListener(String provider, ChatClient.RetryListener next) {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(next, "next");
        Counter retries = Counter.builder(RETRIES).tag("gen_ai.provider.name", provider).description("chat call attempts that were retried")
                .register(meters);
        return new ChatClient.RetryListener() {
            @Override
            public void retrying(int failedAttempt, String reason, Duration wait) {
                retrying(failedAttempt, (Throwable) null, wait);
            }

            @Override
            public void retrying(int failedAttempt, Throwable failure, Duration wait) {
                retries.increment();
                if (failure instanceof RateLimitedException) countRateLimited(provider);
                next.retrying(failedAttempt, failure, wait);
            }
        };
    }

    /**
     * {@code inner} measured: every call's duration, tokens and outcome under {@code provider}; and the gauge of
     * {@code inner}'s circuit breaker under {@code provider} (the first client observed under a provider is the one whose
     * breaker the gauge reads). Closing it closes {@code inner}.
     */
    public ChatClient observe(ChatClient inner, String provider) {
        Objects.requireNonNull(inner, "inner");
        Objects.requireNonNull(provider, "provider");
        circuits.putIfAbsent(provider, inner); // clients made per call around one sending client share its breaker
        Gauge.builder(CIRCUIT, circuits, c -> Optional.ofNullable(c.get(provider)).map(x -> x.circuitState().gaugeValue()).orElse(0))
                .tag("gen_ai.provider.name", provider).description("the chat client's circuit breaker: 0 closed, 1 open, 2 half-open")
                .register(meters);
        return new ObservedChatClient(inner, provider, this);
    }

    /**
     * Counts what each recorded call costs ({@value #COST}, tagged agent and currency) and, with a budget, gauges the
     * rolling hour's spend ({@value #BUDGET_SPENT}).
     */
    public void bind(UsageLedger ledger, String currency, Optional<HourlyBudget> budget) {
        Objects.requireNonNull(ledger, "ledger");
        Objects.requireNonNull(currency, "currency");
        ledger.onRecord(e -> Counter.builder(COST).tag("agent", e.agent()).tag("currency", currency)
                .description("what chat calls cost, in the price table's currency").register(meters).increment(e.cost()));
        budget.ifPresent(b -> Gauge.builder(BUDGET_SPENT, b, HourlyBudget::spentLastHour).tag("currency", currency)
                .description("what chat calls spent in the last 60 minutes").register(meters));
    }

    /** The circuit state of each observed provider, by provider. */
    public Map<String, ChatClient.CircuitState> circuits() {
        Map<String, ChatClient.CircuitState> out = new TreeMap<>();
        circuits.forEach((p, c) -> out.put(p, c.circuitState()));
        return out;
    }

    /** Records one call: the meters, and the call kept for the rules. */
    public void record(Call call, Optional<ChatResponse.Usage> usage) {
        Objects.requireNonNull(call, "call");
        Timer.Builder t = Timer.builder(DURATION).description("duration of GenAI client operations")
                .tag("gen_ai.operation.name", "chat").tag("gen_ai.provider.name", call.provider()).tag("gen_ai.request.model", call.model());
        // one set of tag keys per name (Prometheus needs it): error.type is empty on success, as absent to Prometheus
        t = t.tag("error.type", call.outcome() == Outcome.SUCCESS ? "" : call.outcome().tag());
        t.serviceLevelObjectives(DURATION_SLOS).register(meters).record(call.duration().toNanos(), TimeUnit.NANOSECONDS);
        Counter.builder(REQUESTS).tag("gen_ai.provider.name", call.provider()).tag("outcome", call.outcome().tag())
                .description("chat calls, by outcome").register(meters).increment();
        if (call.outcome() == Outcome.RATE_LIMITED) countRateLimited(call.provider());
        usage.ifPresent(u -> {
            tokens(call, "input").record(u.promptTokens());
            tokens(call, "output").record(u.completionTokens());
        });
        synchronized (recent) {
            recent.addLast(call);
            while (recent.size() > MAX_CALLS) recent.removeFirst();
            prune(clock.instant());
        }
    }

    /** The calls that ended within {@code window} (at most {@link #WINDOW}) before now, oldest first. */
    public List<Call> calls(Duration window) {
        Instant now = clock.instant();
        Instant since = now.minus(window.compareTo(WINDOW) > 0 ? WINDOW : window);
        synchronized (recent) {
            prune(now);
            List<Call> out = new ArrayList<>();
            for (Call c : recent) if (c.time().isAfter(since)) out.add(c);
            return out;
        }
    }

    private void prune(Instant now) {
        Instant horizon = now.minus(WINDOW);
        while (!recent.isEmpty() && !recent.peekFirst().time().isAfter(horizon)) recent.removeFirst();
        while (!limited.isEmpty() && !limited.peekFirst().isAfter(horizon)) limited.removeFirst();
    }

    private DistributionSummary tokens(Call call, String type) {
        return DistributionSummary.builder(TOKENS).serviceLevelObjectives(TOKEN_SLOS).description("tokens used per GenAI client call")
                .tag("gen_ai.operation.name", "chat").tag("gen_ai.provider.name", call.provider()).tag("gen_ai.request.model", call.model())
                .tag("gen_ai.token.type", type).register(meters);
    }

    /** The 429 answers and rate limit refusals (retried or not) within {@code window} (at most {@link #WINDOW}) before now. */
    public int rateLimited(Duration window) {
        Instant now = clock.instant();
        Instant since = now.minus(window.compareTo(WINDOW) > 0 ? WINDOW : window);
        synchronized (recent) {
            prune(now);
            int n = 0;
            for (Instant t : limited) if (t.isAfter(since)) n++;
            return n;
        }
    }

    /** Counts one 429 answer or rate limit refusal of {@code provider}, and keeps its time for {@link #rateLimited(Duration)}. */
    private void countRateLimited(String provider) {
        synchronized (recent) {
            limited.addLast(clock.instant());
            while (limited.size() > MAX_CALLS) limited.removeFirst();
        }
        Counter.builder(RATE_LIMITED).tag("gen_ai.provider.name", provider)
                .description("429 answers and refusals of the client's own rate limit, retried or not").register(meters).increment();
    }
}
