package dev.assay.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.core.alert.AlertChannel;
import dev.assay.core.alert.AlertManager;
import dev.assay.core.ledger.Ledger;
import dev.assay.core.ledger.LedgerEntry;
import dev.assay.core.ledger.LedgerKeys;
import dev.assay.core.monitor.Monitors;
import dev.assay.core.registry.Provenance;
import dev.assay.core.registry.Registry;
import dev.assay.core.registry.Stage;
import dev.assay.ranking.monitor.MonitorConfig;
import dev.assay.ranking.monitor.MonitorSinks;
import dev.assay.ranking.monitor.RankingMonitorKind;
import dev.assay.server.ledger.LedgerModule;
import dev.assay.server.models.ModelsModule;
import dev.assay.server.ranking.RankingMonitorModule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How fast the dashboard's pages come up over loopback with 10,000 ledger entries and 50 ranking
 * monitors: first contentful paint and the time until each page's data is on screen, five loads
 * per page, alternating pages. The figures go to target/dashboard-load.txt (and BENCHMARKS.md);
 * the test asserts that every page shows the data, never a time.
 */
class DashboardLoadTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final int ENTRIES = 10_000;
    static final int MONITORS = 50;
    static final int LOADS = 5;

    @TempDir
    Path dir;

    record Page(String name, String hash, String ready) {}

    @Test
    void pagesComeUpWithTenThousandEntriesAndFiftyMonitors() throws Exception {
        Clock clock = Clock.systemUTC();
        Ledger[] ledger = new Ledger[1];
        AlertManager[] alerts = new AlertManager[1];
        try (Browser browser = Browser.open(); TestServer t = new TestServer(dir, Map.of(), (store, telemetry) -> {
            ledger[0] = Ledger.open(store, LedgerKeys.generate(new SecureRandom()), clock);
            Registry registry = Registry.open(store, ledger[0], clock);
            alerts[0] = AlertManager.builder(telemetry.registry()).channel("log", AlertChannel.log()).build();
            Monitors monitors = Monitors.open(store, clock, List.of(new RankingMonitorKind(
                    new MonitorSinks(registry, ledger[0], alerts[0], telemetry.registry()))));
            Provenance p = new Provenance(JSON.createObjectNode(), "sha256:aa", 1, "git:1", Instant.parse("2026-01-01T00:00:00Z"));
            for (int m = 0; m < MONITORS; m++) {
                String name = String.format(Locale.ROOT, "ranker-%02d", m);
                registry.registerModel(name, "load test");
                registry.registerVersion(name, "v1", p);
                registry.registerVersion(name, "v2", p);
                registry.deploy(name, "v1", Stage.PRIMARY, 0, "first");
                registry.deploy(name, "v2", Stage.CANARY, 5, "canary");
            }
            return List.of(new LedgerModule(ledger[0], clock), new ModelsModule(registry, clock),
                    new RankingMonitorModule(monitors, MonitorConfig.defaults(), clock));
        })) {
            for (int m = 0; m < MONITORS; m++) {
                assertThat(t.post(String.format(Locale.ROOT, "/api/v1/ranking/monitors/ranker-%02d/v2", m), t.operator, "")
                        .statusCode()).isEqualTo(201);
            }
            fill(ledger[0]);
            assertThat(ledger[0].headSeq()).isGreaterThanOrEqualTo(ENTRIES);

            String base = t.server.uri().toString();
            browser.login(base, t.viewer);
            browser.await("#entries-table tbody tr");
            List<Page> pages = List.of(new Page("overview", "#/overview", "#entries-table tbody tr"),
                    new Page("models", "#/models?model=ranker-00", "#timeline li"),
                    new Page("ranking", "#/ranking", "#monitors-table tbody tr"));
            Map<String, List<double[]>> times = new LinkedHashMap<>();
            for (int i = 0; i < LOADS; i++) {
                for (Page page : pages) {
                    browser.driver.get("about:blank");
                    browser.driver.get(base + "/" + page.hash());
                    double ready;
                    try {
                        ready = ((Number) browser.driver.executeAsyncScript("""
                                const done = arguments[arguments.length - 1];
                                const sel = arguments[0];
                                const look = () => document.querySelector(sel) ? done(performance.now()) : setTimeout(look, 5);
                                look();""", page.ready())).doubleValue();
                    } catch (org.openqa.selenium.ScriptTimeoutException e) {
                        browser.screenshot("load-timeout-" + page.name());
                        throw new AssertionError(page.name() + " did not show " + page.ready() + ": " + browser.consoleErrors() + " main: " + browser.script("return document.location.href + ' ' + document.getElementById('main').innerHTML.slice(0, 2000) + JSON.stringify(performance.getEntriesByType('resource').map(e => e.name.replace(location.origin, '') + ' ' + Math.round(e.responseEnd)))"), e);
                    }
                    Object fcp = browser.script("const e = performance.getEntriesByName('first-contentful-paint')[0];"
                            + " return e ? e.startTime : null;");
                    times.computeIfAbsent(page.name(), k -> new ArrayList<>())
                            .add(new double[] {fcp == null ? Double.NaN : ((Number) fcp).doubleValue(), ready});
                }
            }
            browser.driver.get(base + "/#/overview");
            browser.awaitText("#ledger-size", String.format(Locale.ROOT, "%,d", ledger[0].headSeq()));
            browser.driver.get(base + "/#/ranking");
            browser.await("#monitors-table");
            assertThat(browser.all("#monitors-table tbody tr")).hasSize(MONITORS);
            browser.screenshot("ranking-50-monitors");
            report(times, ledger[0].headSeq());
        } finally {
            if (alerts[0] != null) alerts[0].close(Duration.ofSeconds(5));
            if (ledger[0] != null) ledger[0].close();
        }
    }

    /** Appends entries until the ledger holds {@link #ENTRIES}: registry-like and monitor-window-like payloads. */
    static void fill(Ledger ledger) {
        long have = ledger.headSeq();
        List<CompletableFuture<LedgerEntry>> pending = new ArrayList<>();
        for (long i = have; i < ENTRIES; i++) {
            ObjectNode payload = JSON.createObjectNode().put("model", "ranker-" + (i % MONITORS)).put("i", i)
                    .put("reason", "load entry " + i);
            pending.add(ledger.appendAsync("load.entry", "ranker-" + (i % MONITORS) + "/v2", payload, null));
            if (pending.size() == 500) {
                pending.forEach(CompletableFuture::join);
                pending.clear();
            }
        }
        pending.forEach(CompletableFuture::join);
    }

    static void report(Map<String, List<double[]>> times, long entries) throws Exception {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "dashboard page loads over loopback, %,d ledger entries, %d monitors, %d loads per page (ms)%n"
                        + "page       FCP median (min..max)   data on screen median (min..max)%n", entries, MONITORS, LOADS));
        times.forEach((page, runs) -> {
            double[] fcp = runs.stream().mapToDouble(r -> r[0]).sorted().toArray();
            double[] ready = runs.stream().mapToDouble(r -> r[1]).sorted().toArray();
            out.append(String.format(Locale.ROOT, "%-10s %6.0f (%4.0f..%4.0f)        %6.0f (%4.0f..%4.0f)%n", page,
                    fcp[fcp.length / 2], fcp[0], fcp[fcp.length - 1], ready[ready.length / 2], ready[0], ready[ready.length - 1]));
        });
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "dashboard-load.txt"), out);
        System.out.print(out);
        assertThat(times.values()).allSatisfy(runs -> assertThat(runs).hasSize(LOADS)
                .allSatisfy(r -> assertThat(Arrays.stream(r).allMatch(v -> v > 0 || Double.isNaN(v))).isTrue()));
    }
}
