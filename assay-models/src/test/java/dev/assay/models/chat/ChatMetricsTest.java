package dev.assay.models.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.assay.core.time.ManualClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The chat clients' meters (OpenTelemetry GenAI names and Assay's families), against the replay server. */
class ChatMetricsTest {
    private static final String MODEL = "gpt-4o-mini";
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-10T12:00:00Z"));
    private final ChatMetrics metrics = new ChatMetrics(meters, clock);
    private ReplayServer server;

    @BeforeEach
    void start() {
        server = ReplayServer.start(ReplayServer.resource("/chat/recorded-completions.jsonl"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ChatClient client(ChatClientConfig cfg) {
        return metrics.observe(ChatClient.openAi(cfg, Clock.systemUTC(), metrics.retryListener("openai", ChatClient.RetryListener.NONE)), "openai");
    }

    private ChatClientConfig config() {
        return ChatClientConfig.defaults(server.baseUrl()).withRetry(3, Duration.ofMillis(1), Duration.ofMillis(5))
                .withTimeout(Duration.ofSeconds(10)).withRateLimit(1000, Duration.ofSeconds(5));
    }

    @Test
    void aSuccessfulCallRecordsItsDurationAndTokensUnderTheGenAiNames() {
        try (ChatClient c = client(config())) {
            c.complete(ChatRequest.of(MODEL, "What is the capital of France?"));
        }
        var timer = meters.get(ChatMetrics.DURATION).tag("gen_ai.operation.name", "chat").tag("gen_ai.provider.name", "openai")
                .tag("gen_ai.request.model", MODEL).tag("error.type", "").timer();
        assertThat(timer.count()).isEqualTo(1);
        assertThat(meters.get(ChatMetrics.TOKENS).tag("gen_ai.token.type", "input").summary().totalAmount()).isEqualTo(14);
        assertThat(meters.get(ChatMetrics.TOKENS).tag("gen_ai.token.type", "output").summary().totalAmount()).isEqualTo(7);
        assertThat(meters.get(ChatMetrics.REQUESTS).tag("outcome", "success").counter().count()).isEqualTo(1);
        assertThat(metrics.calls(Duration.ofMinutes(5))).singleElement().satisfies(call -> {
            assertThat(call.outcome()).isEqualTo(ChatMetrics.Outcome.SUCCESS);
            assertThat(call.model()).isEqualTo(MODEL);
            assertThat(call.time()).isEqualTo(clock.instant());
        });
    }

    @Test
    void aPrometheusScrapeShowsTheGenAiHistogramsUnderTheConventionsNames() {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ChatMetrics scraped = new ChatMetrics(prometheus, clock);
        try (ChatClient c = scraped.observe(ChatClient.openAi(config()), "openai")) {
            c.complete(ChatRequest.of(MODEL, "What is the capital of France?")); // usage: 14 in, 7 out
        }
        String scrape = prometheus.scrape();
        List<String> lines = scrape.lines().toList();
        String tokens = "gen_ai_client_token_usage";
        String input = "gen_ai_operation_name=\"chat\",gen_ai_provider_name=\"openai\",gen_ai_request_model=\"" + MODEL
                + "\",gen_ai_token_type=\"input\"";
        assertThat(lines).contains("# TYPE " + tokens + " histogram", tokens + "_count{" + input + "} 1", tokens + "_sum{" + input + "} 14.0",
                tokens + "_bucket{" + input + ",le=\"4.0\"} 0", tokens + "_bucket{" + input + ",le=\"16.0\"} 1",
                tokens + "_bucket{" + input + ",le=\"+Inf\"} 1");
        assertThat(lines).filteredOn(l -> l.startsWith(tokens + "_bucket{" + input)).hasSize(ChatMetrics.TOKEN_BUCKETS.size() + 1);
        assertThat(scrape).contains(tokens + "_sum{" + input.replace("input", "output") + "} 7.0").doesNotContain("token__").doesNotContain("_token_count");
        String duration = "gen_ai_client_operation_duration_seconds";
        String ok = "error_type=\"\",gen_ai_operation_name=\"chat\",gen_ai_provider_name=\"openai\",gen_ai_request_model=\"" + MODEL + "\"";
        assertThat(lines).contains("# TYPE " + duration + " histogram", duration + "_count{" + ok + "} 1",
                duration + "_bucket{" + ok + ",le=\"+Inf\"} 1");
        assertThat(lines).filteredOn(l -> l.startsWith(duration + "_bucket{" + ok)).extracting(l -> l.replaceAll(".*le=\"([^\"]+)\".*", "$1"))
                .containsExactly("0.01", "0.02", "0.04", "0.08", "0.16", "0.32", "0.64", "1.28", "2.56", "5.12", "10.24", "20.48", "40.96",
                        "81.92", "+Inf");
        assertThat(lines).anyMatch(l -> l.startsWith(duration + "_sum{" + ok + "} "));
    }

    @Test
    void retriesAnd429sAreCountedAndAFinal429IsTheCallsErrorType() {
        server.enqueue(ReplayServer.Fault.rateLimited("0.01"));
        try (ChatClient c = client(config())) {
            c.complete(ChatRequest.of(MODEL, "What is the capital of France?"));
            for (int i = 0; i < 3; i++) server.enqueue(ReplayServer.Fault.rateLimited("0.01"));
            assertThatThrownBy(() -> c.complete(ChatRequest.of(MODEL, "Say hello."))).isInstanceOf(RateLimitedException.class);
        }
        assertThat(meters.get(ChatMetrics.RETRIES).counter().count()).isEqualTo(1 + 2);
        // four 429 answers: one retried in the first call, two retried and the last one failing the second
        assertThat(meters.get(ChatMetrics.RATE_LIMITED).counter().count()).isEqualTo(4);
        assertThat(meters.get(ChatMetrics.REQUESTS).tag("outcome", "rate_limited").counter().count()).isEqualTo(1);
        assertThat(meters.get(ChatMetrics.DURATION).tag("error.type", "rate_limited").timer().count()).isEqualTo(1);
        assertThat(metrics.calls(Duration.ofMinutes(5))).extracting(ChatMetrics.Call::outcome)
                .containsExactly(ChatMetrics.Outcome.SUCCESS, ChatMetrics.Outcome.RATE_LIMITED);
    }

    @Test
    void theCircuitGaugeFollowsTheBreaker() {
        for (int i = 0; i < 2; i++) server.enqueue(ReplayServer.Fault.status(500, "boom"));
        ChatClientConfig cfg = config().withRetry(1, Duration.ofMillis(1), Duration.ofMillis(1)).withCircuit(2, 50, Duration.ofMinutes(5));
        try (ChatClient c = client(cfg)) {
            assertThat(meters.get(ChatMetrics.CIRCUIT).tag("gen_ai.provider.name", "openai").gauge().value()).isZero();
            for (int i = 0; i < 2; i++) assertThatThrownBy(() -> c.complete(ChatRequest.of(MODEL, "Say hello."))).isInstanceOf(ProviderException.class);
            assertThat(meters.get(ChatMetrics.CIRCUIT).tag("gen_ai.provider.name", "openai").gauge().value()).isEqualTo(1);
            assertThat(metrics.circuits()).containsEntry("openai", ChatClient.CircuitState.OPEN);
            assertThatThrownBy(() -> c.complete(ChatRequest.of(MODEL, "Say hello."))).isInstanceOf(CircuitOpenException.class);
        }
        assertThat(meters.get(ChatMetrics.REQUESTS).tag("outcome", "provider_error").counter().count()).isEqualTo(2);
        assertThat(meters.get(ChatMetrics.REQUESTS).tag("outcome", "circuit_open").counter().count()).isEqualTo(1);
    }

    @Test
    void costPerAgentAndTheHoursSpendAreMeteredAndABudgetRefusalIsAnOutcome() {
        UsageLedger ledger = new UsageLedger(clock);
        HourlyBudget budget = new HourlyBudget(0.0025, "USD", clock);
        metrics.bind(ledger, "USD", Optional.of(budget));
        PriceTable prices = PriceTable.of("USD", Map.of(MODEL, new PriceTable.Price(1, 2)));
        ChatClientConfig cfg = config().withRetry(1, Duration.ofMillis(1), Duration.ofMillis(1));
        try (ChatClient raw = ChatClient.openAi(cfg);
             ChatClient c = metrics.observe(new MeteredChatClient(raw, "planner", prices, ledger, Optional.of(budget), 4096), "openai")) {
            ChatRequest ask = ChatRequest.of(MODEL, "What is the capital of France?").withMaxTokens(1000);
            c.complete(ask); // 14 in, 7 out: 0.000028
            assertThat(meters.get(ChatMetrics.COST).tag("agent", "planner").tag("currency", "USD").counter().count()).isCloseTo(0.000028, within(1e-12));
            assertThat(meters.get(ChatMetrics.BUDGET_SPENT).gauge().value()).isCloseTo(0.000028, within(1e-12));
            assertThatThrownBy(() -> c.complete(ChatRequest.of(MODEL, "What is the capital of France?").withMaxTokens(2000)))
                    .isInstanceOf(BudgetExceededException.class);
            assertThat(meters.get(ChatMetrics.REQUESTS).tag("outcome", "budget_exceeded").counter().count()).isEqualTo(1);
            clock.advance(Duration.ofMinutes(61));
            assertThat(meters.get(ChatMetrics.BUDGET_SPENT).gauge().value()).isZero();
        }
        assertThat(ledger.hourly(3)).extracting(b -> b.totals().calls()).containsExactly(0L, 1L, 0L);
        assertThat(ledger.hourly(3).get(1).start()).isEqualTo(Instant.parse("2026-01-10T12:00:00Z"));
    }

    @Test
    void callsOlderThanTheWindowFallOut() {
        metrics.record(new ChatMetrics.Call(clock.instant(), "openai", MODEL, ChatMetrics.Outcome.TIMEOUT, Duration.ofSeconds(60)), Optional.empty());
        clock.advance(Duration.ofMinutes(4));
        assertThat(metrics.calls(Duration.ofMinutes(5))).hasSize(1);
        clock.advance(Duration.ofMinutes(2));
        assertThat(metrics.calls(Duration.ofMinutes(5))).isEmpty();
        assertThat(List.of(ChatMetrics.Outcome.TIMEOUT.providerFailure(), ChatMetrics.Outcome.BUDGET_EXCEEDED.refusedLocally())).containsOnly(true);
    }
}
