package dev.assay.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.core.alert.AlertManager;
import dev.assay.llm.health.LlmHealth;
import dev.assay.llm.spans.SpanDetector;
import dev.assay.models.chat.ChatClient;
import dev.assay.models.chat.ChatClientConfig;
import dev.assay.models.chat.ChatMetrics;
import dev.assay.models.chat.PriceTable;
import dev.assay.models.chat.ReplayServer;
import dev.assay.models.chat.UsageLedger;
import dev.assay.server.llm.LlmModule;
import dev.assay.server.llm.LlmModuleTest;
import dev.assay.server.llm.LlmUpstream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The LLM outputs page in headless Chromium against a real server whose chat proxy forwards to the replay server: a
 * viewer pastes a generation, scores it and sees its likely hallucinations highlighted; the cost per hour of a proxied
 * call, the circuit breaker, each component's health and the (absent) alerts are on the page.
 */
class LlmDashboardBrowserTest {
    @TempDir
    Path dir;

    TestServer t;
    ReplayServer replay;
    AlertManager alerts;
    Browser browser;
    String base;

    @BeforeEach
    void start() {
        replay = ReplayServer.start(ReplayServer.resource("/chat/recorded-completions.jsonl"));
        browser = Browser.open();
        t = new TestServer(dir, Map.of(), (store, telemetry) -> {
            alerts = AlertManager.builder(telemetry.registry()).build();
            ChatMetrics metrics = new ChatMetrics(telemetry.registry(), Clock.systemUTC());
            ChatClient client = ChatClient.openAi(ChatClientConfig.defaults(replay.baseUrl()).withRetry(1, Duration.ofMillis(1), Duration.ofMillis(1))
                    .withRateLimit(1000, Duration.ofSeconds(5)));
            LlmUpstream upstream = new LlmUpstream("openai", "gpt-4o-mini", client, metrics,
                    PriceTable.of("USD", Map.of("gpt-4o-mini", new PriceTable.Price(1, 2))), new UsageLedger(Clock.systemUTC()), Optional.empty());
            LlmHealth health = new LlmHealth(Optional.of(metrics), Optional.empty(), LlmHealth.Thresholds.defaults(), alerts, telemetry.registry(),
                    Clock.systemUTC());
            return List.of(new LlmModule(Optional.empty(), SpanDetector.shipped(), telemetry.registry()).proxy(upstream).health(health));
        });
        base = t.server.uri().toString();
    }

    @AfterEach
    void stop() {
        if (browser != null) browser.close();
        if (t != null) t.close();
        if (alerts != null) alerts.close();
        if (replay != null) replay.close();
    }

    @Test
    void aViewerScoresAPastedGenerationAndSeesItsSpansTheCostAndTheModelClient() {
        assertThat(t.post(LlmModule.CHAT, t.operator, "{\"messages\": [{\"role\": \"user\", \"content\": \"What is the capital of France?\"}]}")
                .statusCode()).isEqualTo(200);
        browser.login(base, t.viewer);
        browser.await("#nav");
        browser.driver.get(base + "/#/llm");
        assertThat(browser.all("#nav a")).extracting(WebElement::getText).contains("LLM outputs");
        browser.awaitText("#llm-breakers", "CLOSED");
        assertThat(browser.await("#llm-breakers").getText()).contains("openai");
        browser.awaitText("#llm-health", "client/openai");
        assertThat(browser.await("#llm-health").getText()).contains("HEALTHY").contains("budget").contains("monitor");
        assertThat(browser.await("#llm-alerts").getText()).contains("None of the 7 rules");
        assertThat(browser.await("#llm-cost").getText()).contains("openai (gpt-4o-mini)").contains("USD");
        // the proxied call (14 tokens in, 7 out) is in the current hour, the table's last row
        List<WebElement> hours = browser.all("#llm-cost-table tbody tr");
        assertThat(hours).hasSize(24);
        assertThat(hours.getLast().getText()).contains("0.000028");

        double[] lp = {-0.1, -0.2, -0.05, -0.1, -0.3, -0.1, -6.5, -0.2, -0.1, -0.05};
        String generation = LlmModuleTest.completion("The Eiffel Tower was built in 1889 in Paris.", new String[] {"The", " Eiffel", " Tower", " was",
                " built", " in", " 1889", " in", " Paris", "."}, lp);
        browser.script("const b = document.querySelector('#llm-body'); b.value = arguments[0]; b.dispatchEvent(new Event('input'));", generation);
        browser.driver.findElement(By.cssSelector("#llm-score")).click();
        browser.awaitPresent("#llm-text mark");
        assertThat(browser.await("#llm-result").getText()).contains("not checked").contains("Perplexity");
        List<WebElement> marked = browser.all("#llm-text mark");
        assertThat(marked).isNotEmpty();
        assertThat(String.join("", marked.stream().map(WebElement::getText).toList())).contains("1889");
        browser.awaitText("#llm-counts", "1 scored");
        browser.screenshot("llm");
        // this server has no ledger module, so the shell's ledger event stream is not found; nothing else may fail
        assertThat(browser.consoleErrors()).filteredOn(e -> !e.contains("/api/v1/ledger/stream")).isEmpty();
    }
}
