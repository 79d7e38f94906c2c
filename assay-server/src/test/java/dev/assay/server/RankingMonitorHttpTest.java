package dev.assay.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.core.alert.AlertChannel;
import dev.assay.core.alert.AlertManager;
import dev.assay.core.ledger.Ledger;
import dev.assay.core.ledger.LedgerKeys;
import dev.assay.core.registry.Provenance;
import dev.assay.core.registry.Registry;
import dev.assay.core.registry.Stage;
import dev.assay.core.time.ManualClock;
import dev.assay.ranking.monitor.MonitorConfig;
import dev.assay.core.monitor.MonitorScheduler;
import dev.assay.core.monitor.Monitors;
import dev.assay.ranking.monitor.MonitorSinks;
import dev.assay.ranking.monitor.RankingMonitorKind;
import dev.assay.server.ranking.RankingMonitorModule;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ranking monitor over real HTTP: roles, 400s that leave the state unchanged, 404s, and a rollback. */
class RankingMonitorHttpTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    static final String PATH = "/api/v1/ranking/monitors/ranker/v2";

    @TempDir
    Path dir;

    final ManualClock clock = new ManualClock(T0);
    TestServer t;
    Ledger ledger;
    Registry registry;
    AlertManager alerts;
    Monitors monitors;
    MonitorScheduler scheduler;

    @BeforeEach
    void start() {
        t = new TestServer(dir, Map.of(), (store, telemetry) -> {
            ledger = Ledger.open(store, LedgerKeys.generate(new SecureRandom()), clock);
            registry = Registry.open(store, ledger, clock);
            registry.registerModel("ranker", "search");
            Provenance p = new Provenance(JSON.createObjectNode(), "sha256:aa", 1, "git:1", T0);
            registry.registerVersion("ranker", "v1", p);
            registry.registerVersion("ranker", "v2", p);
            registry.deploy("ranker", "v1", Stage.PRIMARY, 0, "first");
            registry.deploy("ranker", "v2", Stage.CANARY, 10, "canary");
            MeterRegistry meters = telemetry.registry();
            alerts = AlertManager.builder(meters).clock(clock).channel("log", AlertChannel.log()).build();
            monitors = Monitors.open(store, clock, List.of(new RankingMonitorKind(new MonitorSinks(registry, ledger, alerts, meters))));
            scheduler = MonitorScheduler.create(store, monitors, ledger, clock, "test", Duration.ofSeconds(15));
            return List.of(new RankingMonitorModule(monitors, MonitorConfig.parse("qualityMargin: 0\nresamples: 500\n"), clock));
        });
    }

    @AfterEach
    void stop() {
        scheduler.close();
        t.close();
        alerts.close(Duration.ofSeconds(5));
        ledger.close();
    }

    /** 30 queries in minute {@code w}, gains alternating -0.105 / +0.095 (bootstrap LCB below 0). */
    static String badWindow(int w) {
        StringJoiner j = new StringJoiner(",", "[", "]");
        for (int q = 0; q < 30; q++) {
            j.add(String.format(Locale.ROOT, "{\"time\":\"%s\",\"gain\":%.3f,\"latencyMs\":90}",
                    T0.plusSeconds(60L * w + q), q % 2 == 0 ? -0.105 : 0.095));
        }
        return j.toString();
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    @Test
    void roles_viewerReadsOperatorPosts() {
        assertThat(t.post(PATH + "/observations", null, badWindow(0)).statusCode()).isEqualTo(401);
        assertThat(t.post(PATH + "/observations", t.viewer, badWindow(0)).statusCode()).isEqualTo(403);
        assertThat(t.get(PATH, t.viewer).statusCode()).isEqualTo(404);
        assertThat(t.post(PATH + "/observations", t.operator, badWindow(0)).statusCode()).isEqualTo(200);
        assertThat(t.get(PATH, null).statusCode()).isEqualTo(401);
        assertThat(t.get(PATH, t.viewer).statusCode()).isEqualTo(200);
        assertThat(t.post("/api/v1/ranking/monitors/ranker/v9/observations", t.operator, "[]").statusCode()).isEqualTo(404);
    }

    @Test
    void badBodies_give400AndLeaveTheStateUnchanged() throws Exception {
        assertThat(t.post(PATH + "/observations", t.operator, badWindow(0)).statusCode()).isEqualTo(200);
        scheduler.tick();
        String before = t.get(PATH, t.viewer).body();
        for (String body : List.of("{bad", "{\"gain\":0.1}", "[{\"gain\":0.1},{\"gain\":7}]", "[{\"gain\":0.1,\"colour\":1}]",
                "[{\"time\":\"yesterday\",\"gain\":0.1}]", "[{\"confidence\":0.5}]")) {
            HttpResponse<String> r = t.post(PATH + "/observations", t.operator, body);
            assertThat(r.statusCode()).as(body).isEqualTo(400);
            assertThat(json(r).at("/error/message").asText()).isNotBlank();
        }
        assertThat(t.get(PATH, t.viewer).body()).isEqualTo(before);
        assertThat(json(t.get(PATH, t.viewer)).get("observations").asInt()).isEqualTo(30);
    }

    @Test
    void observationTimesOutsideYears0To9999_give400NamingTheField() throws Exception {
        for (String time : new String[] {"+10000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z"}) {
            HttpResponse<String> r = t.post(PATH + "/observations", t.operator, "[{\"time\":\"" + time + "\",\"gain\":0.1}]");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            assertThat(JSON.readTree(r.body()).at("/error/message").asText()).contains("observation [0]", "time", "0000..9999");
        }
        assertThat(t.post(PATH + "/observations", t.operator, "[{\"time\":\"9999-12-31T23:59:59Z\",\"gain\":0.1}]").statusCode())
                .isEqualTo(200);
    }

    @Test
    void threeBadWindows_rollTheCandidateBackAndTheStateSaysSo() throws Exception {
        for (int w = 0; w < 3; w++) {
            JsonNode post = json(t.post(PATH + "/observations", t.operator, badWindow(w)));
            assertThat(post.get("accepted").asInt()).isEqualTo(30);
            assertThat(post.get("pending").asInt()).isEqualTo(30);
            clock.set(T0.plus(Duration.ofMinutes(w + 1)));
            scheduler.tick();
        }
        JsonNode state = json(t.get(PATH, t.viewer));
        assertThat(state.get("pending").asInt()).isZero();
        assertThat(state.get("windows").asInt()).isEqualTo(3);
        assertThat(state.get("rolledBack").asBoolean()).isTrue();
        assertThat(state.at("/failingWindows/quality.lcb").asInt()).isEqualTo(3);
        assertThat(state.at("/lastWindow/checks/0/verdict").asText()).isEqualTo("FAIL");
        assertThat(state.at("/firings/0/trigger").asText()).isEqualTo("quality.lcb:critical");
        assertThat(state.get("rollbackReason").asText()).contains("bootstrap LCB");
        assertThat(registry.deployments("ranker")).filteredOn(d -> d.version().equals("v2"))
                .singleElement().extracting(d -> d.stage()).isEqualTo(Stage.RETIRED);
        String metrics = t.get("/metrics", t.viewer).body();
        assertThat(metrics).contains(
                "assay_ranking_monitor_windows_total{check=\"quality.lcb\",model=\"ranker\",verdict=\"FAIL\",version=\"v2\"} 3.0",
                "assay_ranking_monitor_rollbacks_total{model=\"ranker\",version=\"v2\"} 1.0",
                "assay_ranking_monitor_rolled_back{model=\"ranker\",version=\"v2\"} 1.0",
                "assay_ranking_monitor_triggers_total{");
    }

    /** Issue 7: observations that all fall in closed windows were answered 200. */
    @Test
    void observationsThatAreAllLate_give409AndAreNotStored() throws Exception {
        assertThat(t.post(PATH + "/observations", t.operator, badWindow(0)).statusCode()).isEqualTo(200);
        clock.set(T0.plus(Duration.ofMinutes(2)));
        scheduler.tick();
        HttpResponse<String> late = t.post(PATH + "/observations", t.operator, badWindow(0));
        assertThat(late.statusCode()).as(late.body()).isEqualTo(409);
        assertThat(json(late).at("/error/message").asText()).contains("every observation (30)", "closed");
        JsonNode mixed = json(t.post(PATH + "/observations", t.operator, "[{\"time\":\"" + T0 + "\",\"gain\":0.1},{\"time\":\""
                + T0.plus(Duration.ofMinutes(2)) + "\",\"gain\":0.1}]"));
        assertThat(mixed.get("accepted").asInt()).isEqualTo(1);
        assertThat(mixed.get("late").asInt()).isEqualTo(1);
    }

    /** Issue 7: monitors were accepted for PRIMARY, RETIRED and never-deployed versions. */
    @Test
    void monitorsOfNonCandidates_areRefusedWithTheReason_andMonitorsAreListed() throws Exception {
        HttpResponse<String> primary = t.post("/api/v1/ranking/monitors/ranker/v1/observations", t.operator, badWindow(0));
        assertThat(primary.statusCode()).isEqualTo(409);
        assertThat(json(primary).at("/error/message").asText()).contains("PRIMARY");
        assertThat(t.post("/api/v1/ranking/monitors/ranker/v1", t.operator, "").statusCode()).isEqualTo(409);
        HttpResponse<String> defined = t.post(PATH, t.operator, "{\"window\":\"30s\",\"alpha\":0.01}");
        assertThat(defined.statusCode()).as(defined.body()).isEqualTo(201);
        assertThat(t.post(PATH, t.operator, "").statusCode()).isEqualTo(409);
        HttpResponse<String> badLimits = t.post("/api/v1/ranking/monitors/ranker/v1", t.operator, "{\"alpha\":2,\"colour\":1}");
        assertThat(badLimits.statusCode()).isEqualTo(400);
        assertThat(json(badLimits).at("/error/message").asText()).contains("alpha", "colour");
        JsonNode list = json(t.get("/api/v1/ranking/monitors", t.viewer));
        assertThat(list.get("monitors")).singleElement().satisfies(m -> {
            assertThat(m.get("version").asText()).isEqualTo("v2");
            assertThat(m.get("status").asText()).isEqualTo("ACTIVE");
        });
        assertThat(t.delete(PATH, t.operator).statusCode()).isEqualTo(200);
        assertThat(json(t.get(PATH, t.viewer)).get("status").asText()).isEqualTo("STOPPED");
        assertThat(t.post(PATH + "/observations", t.operator, badWindow(0)).statusCode()).isEqualTo(409);
    }

    @Test
    void theMonitorList_isPagedByOffsetAndLimit() throws Exception {
        registry.registerVersion("ranker", "v3", new Provenance(JSON.createObjectNode(), "sha256:cc", 3, "git:3", T0));
        registry.deploy("ranker", "v3", Stage.SHADOW, 0, "shadow");
        assertThat(t.post(PATH, t.operator, "").statusCode()).isEqualTo(201);
        assertThat(t.post("/api/v1/ranking/monitors/ranker/v3", t.operator, "").statusCode()).isEqualTo(201);
        JsonNode first = json(t.get("/api/v1/ranking/monitors?limit=1", t.viewer));
        assertThat(first.get("monitors")).singleElement().satisfies(m -> assertThat(m.get("version").asText()).isEqualTo("v2"));
        assertThat(first.get("total").asInt()).isEqualTo(2);
        assertThat(first.get("nextOffset").asInt()).isEqualTo(1);
        JsonNode second = json(t.get("/api/v1/ranking/monitors?limit=1&offset=1", t.viewer));
        assertThat(second.get("monitors")).singleElement().satisfies(m -> assertThat(m.get("version").asText()).isEqualTo("v3"));
        assertThat(second.get("nextOffset").isNull()).isTrue();
        HttpResponse<String> bad = t.get("/api/v1/ranking/monitors?limit=0", t.viewer);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).at("/error/message").asText()).contains("limit");
    }
}
