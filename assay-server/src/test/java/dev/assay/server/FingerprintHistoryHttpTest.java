package dev.assay.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.core.ledger.Ledger;
import dev.assay.core.ledger.LedgerKeys;
import dev.assay.core.time.ManualClock;
import dev.assay.server.fingerprint.FingerprintModule;
import dev.assay.server.ledger.LedgerModule;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /api/v1/fingerprint/history}: the fields the dashboard shows, newest first, bounded, viewer-guarded. */
class FingerprintHistoryHttpTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String HISTORY = "/api/v1/fingerprint/history";

    @TempDir
    Path dir;

    final ManualClock clock = new ManualClock(Instant.parse("2026-03-02T10:00:00Z"));
    TestServer t;
    Ledger ledger;

    @BeforeEach
    void start() {
        t = new TestServer(dir, Map.of(), (store, telemetry) -> {
            ledger = Ledger.open(store, LedgerKeys.generate(new SecureRandom()), clock);
            return List.of(new LedgerModule(ledger, clock), new FingerprintModule(ledger, telemetry.registry()));
        });
        FingerprintEntries.append(ledger, clock);
        ledger.append("fingerprint.export", FingerprintEntries.REFERENCE, JSON.createObjectNode().put("level", "MINIMAL"));
        ledger.append("ranking.release.decision", "ranker", JSON.createObjectNode().put("verdict", "RELEASE"));
    }

    @AfterEach
    void stop() {
        if (t != null) t.close();
        if (ledger != null) ledger.close();
    }

    JsonNode ok(String path) throws Exception {
        HttpResponse<String> r = t.get(path, t.viewer);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    @Test
    void history_servesEachKindsFieldsNewestFirst() throws Exception {
        JsonNode h = ok(HISTORY);
        assertThat(h.get("limit").asInt()).isEqualTo(100);

        assertThat(h.get("builds")).hasSize(1);
        JsonNode b = h.get("builds").get(0);
        assertThat(b.get("seq").asLong()).isEqualTo(1);
        assertThat(b.get("time").asText()).isEqualTo("2026-03-02T10:01:00Z");
        assertThat(b.get("model").asText()).isEqualTo(FingerprintEntries.MARKUP_MODEL);
        assertThat(b.get("digest").asText()).isEqualTo(FingerprintEntries.DIGEST);
        assertThat(b.get("responses").asLong()).isEqualTo(120);
        assertThat(b.get("probes").asLong()).isEqualTo(12);
        assertThat(b.get("dimension").asLong()).isEqualTo(1024);

        assertThat(h.get("verifications")).extracting(v -> v.get("verdict").asText()).containsExactly("DIFFERENT", "SAME");
        JsonNode diff = h.get("verifications").get(0);
        assertThat(diff.get("seq").asLong()).isEqualTo(3);
        assertThat(diff.get("reference").asText()).isEqualTo(FingerprintEntries.MARKUP_MODEL);
        assertThat(diff.get("candidate").asText()).isEqualTo(FingerprintEntries.MARKUP_CANDIDATE);
        assertThat(diff.get("pValue").asDouble()).isEqualTo(0.001);
        assertThat(diff.get("mode").asText()).isEqualTo("traffic");
        assertThat(diff.get("sequential").asBoolean()).isFalse();

        assertThat(h.get("identifications")).extracting(i -> i.get("model").asText()).containsExactly("none", FingerprintEntries.REFERENCE);
        assertThat(h.get("identifications").get(1).get("bestScore").asDouble()).isEqualTo(0.91);
        assertThat(h.get("identifications").get(1).get("threshold").asDouble()).isEqualTo(0.5);

        assertThat(h.get("drift")).extracting(d -> d.get("drift").asBoolean()).containsExactly(true, false);
        JsonNode drifting = h.get("drift").get(0);
        assertThat(drifting.get("reference").asText()).isEqualTo(FingerprintEntries.REFERENCE);
        assertThat(drifting.get("maxStatistic").asDouble()).isEqualTo(9.75);
        assertThat(drifting.get("threshold").asDouble()).isEqualTo(5.5);
        assertThat(drifting.get("type").asText()).isEqualTo("SUDDEN");
        assertThat(drifting.get("confidence").asDouble()).isEqualTo(0.93);
        assertThat(drifting.get("alarmedResponses").asLong()).isEqualTo(17);
        JsonNode stable = h.get("drift").get(1);
        assertThat(stable.get("type").isNull()).isTrue();
        assertThat(stable.get("confidence").isNull()).as("a check without a verdict has no confidence").isTrue();
    }

    @Test
    void history_readsAtMostTheLimitOfEachKind() throws Exception {
        JsonNode h = ok(HISTORY + "?limit=1");
        assertThat(h.get("limit").asInt()).isEqualTo(1);
        assertThat(h.get("verifications")).extracting(v -> v.get("seq").asLong()).containsExactly(3L);
        assertThat(h.get("identifications")).extracting(v -> v.get("seq").asLong()).containsExactly(5L);
        assertThat(h.get("drift")).extracting(v -> v.get("seq").asLong()).containsExactly(7L);
        assertThat(h.get("builds")).hasSize(1);
    }

    @Test
    void history_refusesABadLimitWithA400NamingIt() throws Exception {
        for (String bad : List.of("0", "-1", "501", "abc", "1.5", "9223372036854775808")) {
            HttpResponse<String> r = t.get(HISTORY + "?limit=" + bad, t.viewer);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            JsonNode error = JSON.readTree(r.body()).get("error");
            assertThat(error.get("message").asText()).as(bad).contains("'limit'", "1..500");
        }
    }

    @Test
    void history_needsAToken() {
        assertThat(t.get(HISTORY, null).statusCode()).isEqualTo(401);
        assertThat(t.get(HISTORY, "assay_not-a-real-token").statusCode()).isEqualTo(401);
    }

    @Test
    void theModule_addsTheFingerprintsPageToTheDashboard() throws Exception {
        JsonNode views = JSON.readTree(t.get("/api/v1/dashboard/views", t.viewer).body());
        assertThat(views.toString()).contains("\"fingerprints\"", "views/fingerprints.js");
        assertThat(t.get("/views/fingerprints.js", null).statusCode()).isEqualTo(200);
    }
}
