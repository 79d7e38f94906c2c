package dev.assay.llm.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.core.alert.Alert;
import dev.assay.core.alert.AlertManager;
import dev.assay.core.alert.Severity;
import dev.assay.core.time.ManualClock;
import dev.assay.models.chat.ChatClient;
import dev.assay.models.chat.ChatClientConfig;
import dev.assay.models.chat.ChatMetrics;
import dev.assay.models.chat.ChatRequest;
import dev.assay.models.chat.CircuitOpenException;
import dev.assay.models.chat.HourlyBudget;
import dev.assay.models.chat.ProviderException;
import dev.assay.models.chat.ReplayServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The seven rules raising and clearing on a clock the test moves, and the components' health. */
class LlmHealthTest {
    private static final String MODEL = "gpt-4o-mini";
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-10T12:00:00Z"));
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<Alert> delivered = new CopyOnWriteArrayList<>();
    private final AlertManager alerts = AlertManager.builder(meters).clock(clock).channel("recorder", delivered::add).build();
    private final ChatMetrics metrics = new ChatMetrics(meters, clock);
    private ReplayServer server;
    private ChatClient client;

    @AfterEach
    void stop() {
        alerts.close();
        if (client != null) client.close();
        if (server != null) server.close();
    }

    /** A client of the replay server observed as {@code openai}, its circuit opening after 2 failures for {@code openFor}. */
    private void startClient(Duration openFor) {
        server = ReplayServer.start(ReplayServer.resource("/chat/recorded-completions.jsonl"));
        client = metrics.observe(ChatClient.openAi(ChatClientConfig.defaults(server.baseUrl()).withRetry(1, Duration.ofMillis(1), Duration.ofMillis(1))
                .withRateLimit(1000, Duration.ofSeconds(5)).withCircuit(2, 50, openFor), Clock.systemUTC(), ChatClient.RetryListener.NONE), "openai");
    }

    private LlmHealth health(Optional<HourlyBudget> budget) {
        return new LlmHealth(Optional.of(metrics), budget, LlmHealth.Thresholds.defaults(), alerts, meters, clock);
    }

    private static ChatMetrics.Call call(Instant at, ChatMetrics.Outcome outcome, Duration took) {
        return new ChatMetrics.Call(at, "openai", MODEL, outcome, took);
    }

    private List<Alert> drained() {
        assertThat(alerts.close(Duration.ofSeconds(10))).isTrue();
        return List.copyOf(delivered);
    }

    @Test
    void theCostAlertRaisesOverEightyPercentOfTheBudgetAndClearsWhenTheHourRolls() {
        HourlyBudget budget = new HourlyBudget(1.0, "USD", clock);
        LlmHealth h = new LlmHealth(Optional.empty(), Optional.of(budget), LlmHealth.Thresholds.defaults(), alerts, meters, clock);
        budget.reserve(0.5).settle(0.5);
        assertThat(h.evaluate()).isEmpty();
        assertThat(h.components()).filteredOn(c -> c.name().equals("budget")).singleElement()
                .satisfies(c -> assertThat(c.status()).isEqualTo(LlmHealth.Status.HEALTHY));
        clock.advance(Duration.ofMinutes(20));
        budget.reserve(0.35).settle(0.35); // 85% of the budget in the rolling hour
        List<Alert> raised = h.evaluate();
        assertThat(raised).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.WARNING);
            assertThat(a.labels()).containsEntry("rule", "cost").containsEntry("state", "firing");
            assertThat(a.detail()).contains("85%").contains("alert above 80%");
        });
        assertThat(h.active()).extracting(LlmHealth.Active::rule).containsExactly(LlmHealth.Rule.COST);
        assertThat(meters.get(LlmHealth.ACTIVE_METER).tag("rule", "cost").gauge().value()).isEqualTo(1);
        assertThat(meters.get(LlmHealth.HEALTH_METER).tag("component", "budget").gauge().value()).isEqualTo(1);
        assertThat(h.evaluate()).isEmpty(); // still holding: nothing new
        clock.advance(Duration.ofMinutes(41)); // the first 0.5 falls out of the hour: 35%
        List<Alert> cleared = h.evaluate();
        assertThat(cleared).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(Severity.INFO);
            assertThat(a.labels()).containsEntry("rule", "cost").containsEntry("state", "resolved");
            assertThat(a.title()).startsWith("Resolved: ");
        });
        assertThat(h.active()).isEmpty();
        assertThat(meters.get(LlmHealth.ACTIVE_METER).tag("rule", "cost").gauge().value()).isZero();
        assertThat(h.overall()).isEqualTo(LlmHealth.Status.HEALTHY);
        assertThat(drained()).extracting(Alert::severity).containsExactly(Severity.WARNING, Severity.INFO);
    }

    @Test
    void aSpentBudgetIsUnhealthy() {
        HourlyBudget budget = new HourlyBudget(1.0, "USD", clock);
        LlmHealth h = new LlmHealth(Optional.empty(), Optional.of(budget), LlmHealth.Thresholds.defaults(), alerts, meters, clock);
        budget.reserve(1.0).settle(1.0);
        assertThat(h.overall()).isEqualTo(LlmHealth.Status.UNHEALTHY);
        assertThat(h.components().stream().filter(c -> c.name().equals("budget")).findFirst().orElseThrow().reasons())
                .anySatisfy(r -> assertThat(r).contains("refused until the hour rolls"));
    }

    @Test
    void anOpenBreakerRaisesAndClearsOnceATrialCallClosesIt() throws InterruptedException {
        startClient(Duration.ofMillis(200));
        LlmHealth h = health(Optional.empty());
        assertThat(h.components()).extracting(LlmHealth.Component::name).containsExactly("client/openai", "budget", "monitor");
        for (int i = 0; i < 2; i++) server.enqueue(ReplayServer.Fault.status(500, "boom"));
        for (int i = 0; i < 2; i++) assertThatThrownBy(() -> client.complete(ChatRequest.of(MODEL, "Say hello."))).isInstanceOf(ProviderException.class);
        List<Alert> raised = h.evaluate();
        assertThat(raised).extracting(a -> a.labels().get("rule")).containsExactly("circuit_open");
        assertThat(raised.getFirst().severity()).isEqualTo(Severity.CRITICAL);
        assertThat(h.components().getFirst().status()).isEqualTo(LlmHealth.Status.UNHEALTHY);
        assertThat(meters.get(LlmHealth.HEALTH_METER).tag("component", "client/openai").gauge().value()).isEqualTo(2);
        assertThatThrownBy(() -> client.complete(ChatRequest.of(MODEL, "Say hello."))).isInstanceOf(CircuitOpenException.class);
        Thread.sleep(400); // past the open time: the next call is the trial
        assertThat(client.complete(ChatRequest.of(MODEL, "Say hello.")).content()).isNotEmpty();
        assertThat(h.evaluate()).extracting(a -> a.labels().get("state")).containsExactly("resolved");
        assertThat(h.components().getFirst().status()).isEqualTo(LlmHealth.Status.HEALTHY);
    }

    @Test
    void theErrorRateAndLatencyRulesLookAtTheLastFiveMinutes() {
        startClient(Duration.ofMinutes(5));
        LlmHealth h = health(Optional.empty());
        for (int i = 0; i < 9; i++) metrics.record(call(clock.instant(), ChatMetrics.Outcome.SUCCESS, Duration.ofMillis(800)), Optional.empty());
        metrics.record(call(clock.instant(), ChatMetrics.Outcome.TIMEOUT, Duration.ofSeconds(2)), Optional.empty());
        // budget refusals are ours, not the provider's: they count neither way
        for (int i = 0; i < 5; i++) metrics.record(call(clock.instant(), ChatMetrics.Outcome.BUDGET_EXCEEDED, Duration.ZERO), Optional.empty());
        List<Alert> raised = h.evaluate();
        assertThat(raised).extracting(a -> a.labels().get("rule")).containsExactly("error_rate");
        assertThat(raised.getFirst().detail()).contains("1 of the 10 calls").contains("10.0%");
        assertThat(h.components().getFirst().status()).isEqualTo(LlmHealth.Status.DEGRADED);
        clock.advance(Duration.ofMinutes(6));
        for (int i = 0; i < 10; i++) metrics.record(call(clock.instant(), ChatMetrics.Outcome.SUCCESS, Duration.ofSeconds(i < 9 ? 1 : 7)), Optional.empty());
        assertThat(h.evaluate()).extracting(a -> a.labels().get("rule") + ":" + a.labels().get("state"))
                .containsExactly("error_rate:resolved", "latency:firing");
        clock.advance(Duration.ofMinutes(6));
        assertThat(h.evaluate()).extracting(a -> a.labels().get("rule") + ":" + a.labels().get("state")).containsExactly("latency:resolved");
    }

    @Test
    void rateLimitingRaisesAndClearsFiveMinutesAfterTheLast429() {
        startClient(Duration.ofMinutes(5));
        LlmHealth h = health(Optional.empty());
        server.enqueue(ReplayServer.Fault.rateLimited("120"));
        assertThatThrownBy(() -> client.complete(ChatRequest.of(MODEL, "Say hello."))).hasMessageContaining("429");
        assertThat(h.evaluate()).extracting(a -> a.labels().get("rule")).containsExactly("rate_limited");
        clock.advance(Duration.ofMinutes(4));
        assertThat(h.evaluate()).isEmpty();
        clock.advance(Duration.ofMinutes(2));
        assertThat(h.evaluate()).extracting(a -> a.labels().get("state")).containsExactly("resolved");
    }

    @Test
    void qualityDegradationIsTheFailingShareOfTheLastHundredChecked() {
        LlmHealth h = health(Optional.empty());
        assertThat(h.components().getLast().reasons()).anySatisfy(r -> assertThat(r).contains("no generation checked yet"));
        for (int i = 0; i < 19; i++) h.recordVerdict(i < 5);
        assertThat(h.evaluate()).isEmpty(); // fewer than 20 checked
        h.recordVerdict(false);
        assertThat(h.evaluate()).extracting(a -> a.labels().get("rule")).containsExactly("quality"); // 5 of 20
        assertThat(h.components().getLast().status()).isEqualTo(LlmHealth.Status.DEGRADED);
        for (int i = 0; i < 4; i++) h.recordVerdict(false);
        assertThat(h.evaluate()).isEmpty(); // 5 of 24: still over 20%
        for (int i = 0; i < 16; i++) h.recordVerdict(false);
        assertThat(h.evaluate()).extracting(a -> a.labels().get("state")).containsExactly("resolved"); // 5 of 40
        for (int i = 0; i < 100; i++) h.recordVerdict(i % 4 == 0);
        assertThat(h.evaluate()).extracting(a -> a.labels().get("state")).containsExactly("firing"); // 25 of the last 100
    }

    @Test
    void theTokenMonitorsDriftAlertsAreSurfacedAndHeldForAnHour() {
        LlmHealth h = health(Optional.empty());
        AlertManager observed = h.observing(alerts);
        observed.fire(new Alert("d1", clock.instant(), Severity.WARNING, "llm.tokens/gpt-4o-mini", "Token perplexity drift: gpt-4o-mini",
                "KS p = 0.001", "llm.tokens/gpt-4o-mini/drift", Map.of("model", "gpt-4o-mini")));
        assertThat(h.evaluate()).isEmpty(); // the monitor raised its own alert
        assertThat(h.active()).extracting(LlmHealth.Active::rule).containsExactly(LlmHealth.Rule.DRIFT);
        assertThat(h.components().getLast().status()).isEqualTo(LlmHealth.Status.DEGRADED);
        clock.advance(Duration.ofMinutes(61));
        assertThat(h.evaluate()).isEmpty();
        assertThat(h.active()).isEmpty();
        assertThat(drained()).extracting(Alert::id).containsExactly("d1");
    }
}
