package dev.assay.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.core.alert.AlertChannel;
import dev.assay.core.alert.AlertManager;
import dev.assay.core.ledger.Ledger;
import dev.assay.core.ledger.LedgerKeys;
import dev.assay.core.monitor.MonitorScheduler;
import dev.assay.core.monitor.Monitors;
import dev.assay.core.registry.Deployment;
import dev.assay.core.registry.Provenance;
import dev.assay.core.registry.Registry;
import dev.assay.core.registry.Stage;
import dev.assay.core.store.Store;
import dev.assay.core.time.ManualClock;
import dev.assay.ranking.monitor.MonitorConfig;
import dev.assay.ranking.monitor.MonitorSinks;
import dev.assay.ranking.monitor.RankingMonitorKind;
import dev.assay.server.ledger.LedgerModule;
import dev.assay.server.models.ModelsModule;
import dev.assay.server.ranking.RankingContractModule;
import dev.assay.server.ranking.RankingMonitorModule;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The dashboard in a real browser (headless Chromium) against a real server: logging in, the
 * overview, a monitor's charts updating live as windows close, promoting a canary as operator,
 * the refusal a viewer meets, a tampered ledger flagged, and the API docs. Each page's screenshot
 * is written to target/dashboard-screenshots/.
 */
class DashboardBrowserTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String MONITOR = "/api/v1/ranking/monitors/ranker/v2";

    @TempDir
    Path dir;

    final Instant t0 = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(30));
    final ManualClock clock = new ManualClock(t0);
    TestServer t;
    Store store;
    Ledger ledger;
    Registry registry;
    AlertManager alerts;
    MonitorScheduler scheduler;
    Browser browser;
    String base;

    @BeforeEach
    void start() {
        browser = Browser.open();
        t = new TestServer(dir, Map.of(), (store, telemetry) -> {
            this.store = store;
            ledger = Ledger.open(store, LedgerKeys.generate(new SecureRandom()), clock);
            registry = Registry.open(store, ledger, clock);
            registry.registerModel("ranker", "BM25 first stage with a cross-encoder reranker");
            registry.registerVersion("ranker", "v1", new Provenance(JSON.createObjectNode().put("k1", 0.9), "sha256:a1b2c3d4e5f6", 1, "git:4e1a", t0));
            registry.registerVersion("ranker", "v2", new Provenance(JSON.createObjectNode().put("k1", 1.2), "sha256:f6e5d4c3b2a1", 2, "git:9b7c", t0));
            registry.deploy("ranker", "v1", Stage.PRIMARY, 0, "first release");
            registry.deploy("ranker", "v2", Stage.CANARY, 10, "canary on 10% of traffic");
            MeterRegistry meters = telemetry.registry();
            alerts = AlertManager.builder(meters).clock(clock).channel("log", AlertChannel.log()).build();
            Monitors monitors = Monitors.open(store, clock, List.of(new RankingMonitorKind(new MonitorSinks(registry, ledger, alerts, meters))));
            scheduler = MonitorScheduler.create(store, monitors, ledger, clock, "test", Duration.ofSeconds(15));
            return List.of(new LedgerModule(ledger, clock), new ModelsModule(registry, clock),
                    new RankingMonitorModule(monitors, MonitorConfig.parse("qualityMargin: 0\nresamples: 500\n"), clock),
                    new RankingContractModule(ledger, registry, clock, meters));
        });
        base = t.server.uri().toString();
    }

    @AfterEach
    void stop() {
        if (browser != null) browser.close();
        if (scheduler != null) scheduler.close();
        if (t != null) t.close();
        if (alerts != null) alerts.close(Duration.ofSeconds(5));
        if (ledger != null) ledger.close();
    }

    /** 30 queries in minute {@code w} of the run, mean gain {@code mean} with spread 0.1. */
    String window(int w, double mean) {
        StringJoiner j = new StringJoiner(",", "[", "]");
        for (int q = 0; q < 30; q++) {
            j.add(String.format(Locale.ROOT, "{\"time\":\"%s\",\"gain\":%.3f,\"latencyMs\":%d,\"jaccard10\":%.2f}",
                    t0.plusSeconds(60L * w + q), mean + (q % 2 == 0 ? -0.1 : 0.1), 80 + q, 0.6 + (q % 3) * 0.05));
        }
        return j.toString();
    }

    void closeWindow(int w, double mean) {
        assertThat(t.post(MONITOR + "/observations", t.operator, window(w, mean)).statusCode()).isEqualTo(200);
        clock.set(t0.plus(Duration.ofMinutes(w + 1)));
        scheduler.tick();
    }

    @Test
    void operatorLogsIn_seesTheOverviewWithTheLedgerAndItsVerification() {
        browser.login(base, t.operator);
        browser.awaitText("#ledger-size", String.valueOf(ledger.headSeq()));
        browser.awaitText("#verification-status", "VALID");
        assertThat(browser.all("#entries-table tbody tr")).hasSize((int) ledger.headSeq());
        browser.await("#ledger-checkpoint summary").click();
        assertThat(browser.await("#ledger-checkpoint pre").getText()).isEqualTo(ledger.checkpoint().strip());
        assertThat(browser.await("#ledger-checkpoint").getText()).contains(ledger.checkpointKey().verifierKey());
        assertThat(browser.await("#who").getText()).contains("operator");
        assertThat(browser.all("#nav a")).extracting(WebElement::getText)
                .containsExactly("Overview", "Models and rollouts", "Ranking");

        browser.all("#entries-table tbody tr").get(0).click();
        browser.await("pre.payload");
        browser.driver.findElement(By.cssSelector("button.check")).click();
        browser.awaitText(".check-result", "VALID");
        browser.screenshot("overview");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void aRefusedToken_isSaidSoAndNothingIsShown() {
        browser.login(base, "assay_not-a-real-token");
        assertThat(browser.await("#login-error").getText()).contains("refused");
        assertThat(browser.all("#nav a")).isEmpty();
        assertThat(browser.script("return sessionStorage.getItem('assay.token')")).isNull();
    }

    @Test
    void aMonitorsChartsUpdateAsWindowsClose_andItsTriggerRollsTheCanaryBack() {
        closeWindow(0, 0.05);
        browser.login(base, t.viewer);
        browser.driver.get(base + "/#/ranking");
        browser.awaitPresent("#window-count[data-windows='1']");
        assertThat(browser.all("#monitor-detail .chart")).hasSize(5);
        assertThat(browser.all("#monitor-detail .chart canvas")).hasSizeGreaterThanOrEqualTo(4);

        for (int w = 1; w <= 3; w++) closeWindow(w, -0.3);
        // The page is not reloaded: the windows arrive over the ledger's event stream.
        browser.awaitPresent("#window-count[data-windows='4']");
        browser.awaitText("#monitors-table", "ROLLED_BACK");
        browser.awaitText("#triggers-table", "ROLLBACK");
        assertThat(registry.deployments("ranker")).filteredOn(d -> d.version().equals("v2"))
                .extracting(Deployment::stage).containsExactly(Stage.RETIRED);
        browser.screenshot("ranking");

        browser.driver.get(base + "/#/overview");
        browser.awaitText("#alerts-table", "ranker/v2");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void operatorPromotesTheCanaryWithAReason_andTheTimelineShowsIt() {
        browser.login(base, t.operator);
        browser.driver.get(base + "/#/models");
        WebElement row = browser.await("#stages tr[data-version='v2']");
        row.findElement(By.cssSelector("button.promote")).click();
        assertThat(browser.await("#stages tr[data-version='v2'] .action-result").getText()).contains("reason");
        assertThat(registry.deployments("ranker")).filteredOn(d -> d.version().equals("v2"))
                .extracting(Deployment::stage).containsExactly(Stage.CANARY);

        browser.driver.findElement(By.cssSelector("#stages tr[data-version='v2'] input.reason")).sendKeys("canary held for a week");
        browser.driver.findElement(By.cssSelector("#stages tr[data-version='v2'] button.promote")).click();
        browser.awaitText("#timeline", "canary held for a week");
        assertThat(registry.deployments("ranker")).filteredOn(d -> d.version().equals("v2"))
                .extracting(Deployment::stage).containsExactly(Stage.PRIMARY);
        browser.screenshot("models");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void aViewerSeesButCannotAct() {
        browser.login(base, t.viewer);
        browser.driver.get(base + "/#/models");
        WebElement promote = browser.await("#stages tr[data-version='v2'] button.promote");
        assertThat(promote.isEnabled()).isFalse();
        assertThat(browser.await("#role-note").getText()).contains("viewer", "operator");
        browser.driver.get(base + "/#/overview");
        assertThat(browser.await("#verify-full").isEnabled()).isFalse();
        // The server refuses the viewer too, whatever the page shows.
        assertThat(t.post("/api/v1/models/ranker/promote", t.viewer, "{\"version\":\"v2\",\"reason\":\"x\"}").statusCode()).isEqualTo(403);
        browser.screenshot("models-viewer");
    }

    @Test
    void aTamperedLedger_isFlaggedByTheVerificationAndByTheEntryCheck() {
        long edited = 3;
        store.jdbi().useHandle(h -> h.execute("UPDATE ledger_entries SET payload = REPLACE(payload, 'sha256:f6e5', 'sha256:0000') WHERE seq = " + edited));
        browser.login(base, t.operator);
        browser.await("#verify-full").click();
        WebElement problem = browser.awaitText("#verification-problem", "EDITED");
        assertThat(problem.getText()).contains("entry " + edited);
        assertThat(browser.await("#verification-status").getText()).isEqualTo("INVALID");

        WebElement row = browser.await("#entries-table tbody tr[data-seq='" + edited + "']");
        row.click();
        browser.driver.findElement(By.cssSelector("#entries-table tr.detail button.check")).click();
        browser.awaitText(".check-result", "INVALID");
        assertThat(browser.driver.findElement(By.cssSelector(".check-result")).getText()).contains("does not match its hash");
        browser.screenshot("overview-tampered");
    }

    @Test
    void theApiDocsRenderTheServicesOwnOpenApiDocument() {
        browser.driver.get(base + "/api/docs");
        browser.awaitText(".swagger-ui", "/api/v1/ledger/search");
        assertThat(browser.all(".swagger-ui .opblock").size()).isGreaterThan(20);
        browser.screenshot("api-docs");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void staticFilesCarryAStrictContentSecurityPolicy() throws Exception {
        var r = t.get("/", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v -> assertThat(v).contains("default-src 'self'"));
        assertThat(t.get("/api/docs", null).headers().firstValue("Content-Security-Policy")).isPresent();
    }
}
