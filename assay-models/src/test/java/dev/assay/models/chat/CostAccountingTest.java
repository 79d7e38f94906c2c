package dev.assay.models.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import dev.assay.core.InvalidInputException;
import dev.assay.core.time.ManualClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Prices, the usage ledger and the hourly budget, on a clock the test moves, against the replay server. */
class CostAccountingTest {
    private static final String GPT = "gpt-4o-mini";
    /** Test prices (not anyone's list prices): 1 per million in, 2 per million out. */
    private static final PriceTable PRICES = PriceTable.of("USD", Map.of(GPT, new PriceTable.Price(1, 2)));
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-10T12:00:00Z"));
    private ReplayServer server;
    private ChatClient openAi;

    @TempDir
    Path dir;

    @BeforeEach
    void start() {
        server = ReplayServer.start(ReplayServer.resource("/chat/recorded-completions.jsonl"));
        openAi = ChatClient.openAi(ChatClientConfig.defaults(server.baseUrl()).withRetry(1, Duration.ofMillis(1), Duration.ofMillis(1))
                .withRateLimit(1000, Duration.ofSeconds(5)));
    }

    @AfterEach
    void stop() {
        openAi.close();
        server.close();
    }

    @Test
    void pricesByExactNameOrDatedPrefixAndUnknownModelsAreFlagged() throws IOException {
        Path f = Files.writeString(dir.resolve("prices.json"), """
                {"currency": "EUR", "as_of": "2026-01-01", "models": {"gpt-4o": {"input": 2.5, "output": 10}, "gpt-4o-mini": {"input": 0.15, "output": 0.6}}}
                """);
        PriceTable t = PriceTable.read(f);
        assertThat(t.currency()).isEqualTo("EUR");
        assertThat(t.asOf()).isEqualTo("2026-01-01");
        assertThat(t.cost("gpt-4o-mini", 1_000_000, 500_000).amount()).isCloseTo(0.45, within(1e-12));
        assertThat(t.cost("gpt-4o-mini", 1_000_000, 500_000).priced()).isTrue();
        assertThat(t.cost("gpt-4o-mini-2024-07-18", 2_000_000, 0).amount()).isCloseTo(0.3, within(1e-12));
        assertThat(t.cost("gpt-4o-2024-08-06", 0, 1_000_000).amount()).isCloseTo(10, within(1e-12));
        assertThat(t.cost("llama-3-8b", 1000, 1000)).isEqualTo(new PriceTable.Cost(0, false));
        assertThat(PriceTable.empty().cost(GPT, 10, 10).priced()).isFalse();
    }

    @Test
    void badPriceFilesNameTheProblem() throws IOException {
        assertThatThrownBy(() -> PriceTable.read(dir.resolve("none.json"))).isInstanceOf(InvalidInputException.class).hasMessageContaining("does not exist");
        Path noCurrency = Files.writeString(dir.resolve("a.json"), "{\"models\": {}}");
        assertThatThrownBy(() -> PriceTable.read(noCurrency)).isInstanceOf(InvalidInputException.class).hasMessageContaining("'currency'");
        Path negative = Files.writeString(dir.resolve("b.json"), "{\"currency\": \"USD\", \"models\": {\"m\": {\"input\": -1, \"output\": 1}}}");
        assertThatThrownBy(() -> PriceTable.read(negative)).isInstanceOf(InvalidInputException.class).hasMessageContaining("model 'm'")
                .hasMessageContaining("input price");
        Path text = Files.writeString(dir.resolve("c.json"), "{\"currency\": \"USD\", \"models\": {\"m\": {\"input\": \"cheap\", \"output\": 1}}}");
        assertThatThrownBy(() -> PriceTable.read(text)).isInstanceOf(InvalidInputException.class).hasMessageContaining("needs numbers");
        Path notJson = Files.writeString(dir.resolve("d.json"), "{currency");
        assertThatThrownBy(() -> PriceTable.read(notJson)).isInstanceOf(InvalidInputException.class).hasMessageContaining("is not JSON");
    }

    @Test
    void theLedgerTotalsPerAgentAndOverTheRollingHour() {
        UsageLedger ledger = new UsageLedger(clock);
        ChatClient planner = new MeteredChatClient(openAi, "planner", PRICES, ledger, Optional.empty(), 4096);
        ChatClient critic = new MeteredChatClient(openAi, "critic", PRICES, ledger, Optional.empty(), 4096);
        planner.complete(ChatRequest.of(GPT, "What is the capital of France?")); // 14 in, 7 out
        critic.complete(ChatRequest.of(GPT, "Say hello.")); // 9 in, 9 out
        clock.advance(Duration.ofMinutes(45));
        planner.stream(ChatRequest.of(GPT, "Capital of France, one word."), d -> {}); // 13 in, 2 out
        Map<String, UsageLedger.Totals> agents = ledger.byAgent();
        assertThat(agents.get("planner")).satisfies(t -> {
            assertThat(t.calls()).isEqualTo(2);
            assertThat(t.inputTokens()).isEqualTo(27);
            assertThat(t.outputTokens()).isEqualTo(9);
            assertThat(t.cost()).isCloseTo((27 * 1 + 9 * 2) / 1e6, within(1e-15));
        });
        assertThat(agents.get("critic").cost()).isCloseTo((9 + 18) / 1e6, within(1e-15));
        assertThat(ledger.lastHour().calls()).isEqualTo(3);
        clock.advance(Duration.ofMinutes(20)); // the first two calls are now 65 minutes old
        assertThat(ledger.lastHour().calls()).isEqualTo(1);
        assertThat(ledger.lastHour().cost()).isCloseTo((13 + 4) / 1e6, within(1e-15));
        assertThat(ledger.lastHour("critic")).isEqualTo(UsageLedger.Totals.NONE);
        assertThat(ledger.byAgent().get("critic").calls()).isEqualTo(1); // all-time totals keep it
        assertThat(ledger.entries()).extracting(UsageLedger.Entry::agent).containsExactly("planner", "critic", "planner");
    }

    @Test
    void unpricedModelsCostNothingAndAreCounted() {
        UsageLedger ledger = new UsageLedger(clock);
        ChatClient c = new MeteredChatClient(openAi, "a", PriceTable.empty(), ledger, Optional.empty(), 4096);
        c.complete(ChatRequest.of(GPT, "Say hello."));
        assertThat(ledger.lastHour()).isEqualTo(new UsageLedger.Totals(1, 9, 9, 0, 1));
        assertThat(ledger.entries().getFirst().priced()).isFalse();
    }

    @Test
    void theBudgetRefusesBeforeSendingAndClearsAsTheHourRolls() {
        UsageLedger ledger = new UsageLedger(clock);
        // the worst case of "What is the capital of France?" with max_tokens 1000: ceil(30/3) + 4 = 14 in, 1000 out = 0.002014
        HourlyBudget budget = new HourlyBudget(0.0025, "USD", clock);
        ChatClient c = new MeteredChatClient(openAi, "agent", PRICES, ledger, Optional.of(budget), 4096);
        ChatRequest ask = ChatRequest.of(GPT, "What is the capital of France?").withMaxTokens(1000);
        assertThat(((MeteredChatClient) c).worstCost(ask)).isCloseTo(0.002014, within(1e-12));
        c.complete(ask); // actual: 14 in, 7 out = 0.000028
        clock.advance(Duration.ofMinutes(10));
        c.complete(ask); // spent 0.000056, still fits
        assertThat(budget.spentLastHour()).isCloseTo(0.000056, within(1e-12));
        ChatRequest big = ChatRequest.of(GPT, "What is the capital of France?").withMaxTokens(1220); // worst 0.002454
        clock.advance(Duration.ofMinutes(5));
        BudgetExceededException refused = catchThrowableOfType(BudgetExceededException.class, () -> c.complete(big));
        assertThat(refused.budget()).isEqualTo(0.0025);
        assertThat(refused.spent()).isCloseTo(0.000056, within(1e-12));
        assertThat(refused.callCost()).isCloseTo(0.002454, within(1e-12));
        // dropping the first call's 0.000028 is enough: it fits when that call is an hour old
        assertThat(refused.freesAt()).contains(Instant.parse("2026-01-10T13:00:00Z"));
        assertThat(refused.retryAfter()).contains(Duration.ofMinutes(45));
        assertThat(refused.getMessage()).contains("hourly budget is 0.002500 USD").contains("fits again at 2026-01-10T13:00:00Z");
        assertThat(server.requests()).hasSize(2); // refused without sending
        clock.set(Instant.parse("2026-01-10T13:00:00Z"));
        assertThat(c.complete(big).content()).isEqualTo("The capital of France is Paris.");
        assertThat(server.requests()).hasSize(3);
    }

    @Test
    void aCallOverTheWholeBudgetNeverFitsAndAFailedCallGivesItsHoldBack() {
        HourlyBudget budget = new HourlyBudget(0.001, "USD", clock);
        UsageLedger ledger = new UsageLedger(clock);
        ChatClient c = new MeteredChatClient(openAi, "agent", PRICES, ledger, Optional.of(budget), 400);
        BudgetExceededException never = catchThrowableOfType(BudgetExceededException.class,
                () -> c.complete(ChatRequest.of(GPT, "Say hello.").withMaxTokens(1000)));
        assertThat(never.freesAt()).isEmpty();
        assertThat(never.retryAfter()).isEmpty();
        assertThat(never.getMessage()).contains("never fits");
        // no max_tokens: sent with the cap of 400, worst case 0.0008 + prompt
        server.enqueue(ReplayServer.Fault.status(500, "{\"error\": {\"message\": \"boom\"}}"));
        assertThatThrownBy(() -> c.complete(ChatRequest.of(GPT, "Say hello."))).isInstanceOf(ProviderException.class);
        assertThat(server.requests().getLast().get("max_tokens").asInt()).isEqualTo(400);
        assertThat(c.complete(ChatRequest.of(GPT, "Say hello.")).content()).isNotEmpty(); // the failed call's hold was released
        assertThat(ledger.entries()).hasSize(1);
        assertThat(budget.spentLastHour()).isCloseTo((9 + 18) / 1e6, within(1e-15));
    }

    @Test
    void callsInFlightCountAgainstTheBudget() {
        HourlyBudget budget = new HourlyBudget(1.0, "USD", clock);
        HourlyBudget.Reservation first = budget.reserve(0.6);
        BudgetExceededException e = catchThrowableOfType(BudgetExceededException.class, () -> budget.reserve(0.5));
        assertThat(e.getMessage()).contains("in flight");
        assertThat(e.freesAt()).isEmpty();
        first.settle(0.1);
        budget.reserve(0.5).settle(0.5);
        assertThat(budget.spentLastHour()).isCloseTo(0.6, within(1e-12));
        assertThat(List.of(budget.perHour())).containsExactly(1.0);
    }
}
