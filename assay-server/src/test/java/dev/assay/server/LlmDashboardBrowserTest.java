package dev.assay.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.core.alert.AlertManager;
import dev.assay.llm.health.LlmHealth;
import dev.assay.llm.score.Calibration;
import dev.assay.llm.score.QualityCheck;
import dev.assay.llm.score.TokenReport;
import dev.assay.llm.score.TokenScorer;
import dev.assay.llm.score.TokenScores;
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
import java.util.ArrayList;
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
 * call, the circuit breaker, each component's health and the (absent) alerts are on the page; with a calibration, a
 * generation that failed the check is listed with the start of its text, its spans marked, and expands to the whole.
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
    }

    /** The server, its LLM module checking generations against {@code calibration} when given. */
    void serve(Optional<Calibration> calibration) {
        t = new TestServer(dir, Map.of(), (store, telemetry) -> {
            alerts = AlertManager.builder(telemetry.registry()).build();
            ChatMetrics metrics = new ChatMetrics(telemetry.registry(), Clock.systemUTC());
            ChatClient client = ChatClient.openAi(ChatClientConfig.defaults(replay.baseUrl()).withRetry(1, Duration.ofMillis(1), Duration.ofMillis(1))
                    .withRateLimit(1000, Duration.ofSeconds(5)));
            LlmUpstream upstream = new LlmUpstream("openai", "gpt-4o-mini", client, metrics,
                    PriceTable.of("USD", Map.of("gpt-4o-mini", new PriceTable.Price(1, 2))), new UsageLedger(Clock.systemUTC()), Optional.empty());
            LlmHealth health = new LlmHealth(Optional.of(metrics), Optional.empty(), LlmHealth.Thresholds.defaults(), alerts, telemetry.registry(),
                    Clock.systemUTC());
            return List.of(new LlmModule(calibration, SpanDetector.shipped(), telemetry.registry()).proxy(upstream).health(health));
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
        serve(Optional.empty());
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

    @Test
    void aFailedGeneration_showsTheStartOfItsTextWithItsSpansMarked_andExpandsToTheWhole() {
        // references sure of every token; the generation below is unsure of each year, so it fails the check
        List<TokenReport> reference = new ArrayList<>();
        String[] sure = {"The", " tower", " stands", "."};
        for (int i = 0; i < QualityCheck.MIN_REFERENCES; i++) {
            double[] lp = {-0.05 - i / 1000.0, -0.05, -0.05, -0.05};
            double[][] top = new double[4][];
            for (int k = 0; k < 4; k++) top[k] = new double[] {lp[k], Math.log((1 - Math.exp(lp[k])) / 2)};
            reference.add(TokenScorer.defaults().score(new TokenScores(List.of(sure), lp, top)));
        }
        serve(Optional.of(QualityCheck.calibrate(reference, 0.95)));
        List<String> tokens = new ArrayList<>();
        List<Double> lp = new ArrayList<>();
        for (int year = 1880; year < 1890; year++) {
            for (String w : new String[] {"The", " Eiffel", " Tower", " was", " built", " in", " " + year, " in", " Paris", ". "}) {
                tokens.add(w);
                lp.add(w.equals(" " + year) ? -6.5 : -0.1);
            }
        }
        String text = String.join("", tokens);
        assertThat(text.length()).isGreaterThan(400);
        String generation = LlmModuleTest.completion(text, tokens.toArray(String[]::new), lp.stream().mapToDouble(Double::doubleValue).toArray());
        assertThat(t.post(LlmModule.SCORE, t.viewer, generation).statusCode()).isEqualTo(200);

        browser.login(base, t.viewer);
        browser.await("#nav");
        browser.driver.get(base + "/#/llm");
        browser.awaitText("#llm-failure-list", "chatcmpl-test");
        assertThat(browser.await("#llm-failure-list").getText()).contains("perplexity");
        // one script reads the list, opens the whole text and reads it again, so the page's refresh cannot fall in between
        @SuppressWarnings("unchecked")
        Map<String, Object> seen = (Map<String, Object>) browser.script("""
                const list = document.querySelector('#llm-failure-list');
                const shown = (e) => getComputedStyle(e).display !== 'none';
                const marks = (e) => Array.from(e.querySelectorAll('mark')).map((m) => m.textContent).join('|');
                let [start, whole] = list.querySelectorAll('.llm-text');
                const more = list.querySelector('.llm-more');
                const r = { texts: list.querySelectorAll('.llm-text').length, startShown: shown(start), wholeShown: shown(whole),
                  start: start.textContent, startMarks: marks(start), button: more.textContent };
                more.click();
                r.startShownAfter = shown(start);
                r.wholeShownAfter = shown(whole);
                r.whole = whole.textContent;
                r.wholeMarks = marks(whole);
                r.buttonAfter = more.textContent;
                return r;""");
        assertThat(seen).containsEntry("texts", 2L).containsEntry("startShown", true).containsEntry("wholeShown", false)
                .containsEntry("button", "Show all " + text.length() + " characters")
                .containsEntry("startShownAfter", false).containsEntry("wholeShownAfter", true).containsEntry("whole", text)
                .containsEntry("buttonAfter", "Show less");
        assertThat((String) seen.get("start")).startsWith("The Eiffel Tower was built in 1880").endsWith("…").hasSizeLessThan(text.length());
        assertThat((String) seen.get("startMarks")).contains("1880");
        assertThat((String) seen.get("wholeMarks")).contains("1889");
        browser.script("document.querySelector('#llm-failures').scrollIntoView()");
        browser.screenshot("llm-failures");
        assertThat(browser.consoleErrors()).filteredOn(e -> !e.contains("/api/v1/ledger/stream")).isEmpty();
    }
}
