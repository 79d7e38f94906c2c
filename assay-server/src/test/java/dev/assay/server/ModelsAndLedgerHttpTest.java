package dev.assay.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.core.ledger.Ledger;
import dev.assay.core.ledger.LedgerKeys;
import dev.assay.core.registry.Registry;
import dev.assay.server.ledger.LedgerModule;
import dev.assay.server.models.ModelsModule;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry and the ledger over real HTTP: roles, bad input, illegal moves, rollback, verification after tampering. */
class ModelsAndLedgerHttpTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String PROVENANCE = "{\"config\":{\"lr\":0.1},\"dataHash\":\"sha256:aa\",\"seed\":7,"
            + "\"codeVersion\":\"git:1\",\"builtAt\":\"2026-01-01T00:00:00Z\"}";

    @TempDir
    Path dir;

    TestServer t;
    Ledger ledger;

    @BeforeEach
    void start() {
        t = new TestServer(dir, Map.of("server.maxRequestBytes", "4KiB"), store -> {
            ledger = Ledger.open(store, LedgerKeys.generate(new SecureRandom()), Clock.systemUTC());
            Registry registry = Registry.open(store, ledger, Clock.systemUTC());
            return List.of(new LedgerModule(ledger), new ModelsModule(registry, Clock.systemUTC()));
        });
    }

    @AfterEach
    void stop() {
        t.close();
        ledger.close();
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    void setUpRanker() {
        assertThat(t.post("/api/v1/models", t.operator, "{\"name\":\"ranker\",\"description\":\"search\"}").statusCode()).isEqualTo(201);
        for (String v : new String[] {"v1", "v2"})
            assertThat(t.post("/api/v1/models/ranker/versions", t.operator,
                    "{\"version\":\"" + v + "\",\"provenance\":" + PROVENANCE + "}").statusCode()).isEqualTo(201);
        assertThat(t.post("/api/v1/models/ranker/deployments", t.operator,
                "{\"version\":\"v1\",\"stage\":\"PRIMARY\",\"reason\":\"first\"}").statusCode()).isEqualTo(200);
    }

    @Test
    void rolloutFlow_isServedAndRecorded() throws Exception {
        setUpRanker();
        HttpResponse<String> canary = t.post("/api/v1/models/ranker/deployments", t.operator,
                "{\"version\":\"v2\",\"stage\":\"canary\",\"trafficPercent\":10,\"reason\":\"canary\"}");
        assertThat(canary.statusCode()).isEqualTo(200);
        assertThat(json(canary).get("stage").asText()).isEqualTo("CANARY");
        JsonNode route = json(t.get("/api/v1/models/ranker/route?key=user-1", t.viewer));
        assertThat(route.get("version").asText()).isIn("v1", "v2");
        assertThat(route.get("bucket").asInt()).isBetween(0, 9999);
        JsonNode first = json(t.post("/api/v1/models/ranker/rollback", t.operator, "{\"version\":\"v2\",\"reason\":\"guard\"}"));
        assertThat(first.get("outcome").asText()).isEqualTo("rolled_back");
        JsonNode second = json(t.post("/api/v1/models/ranker/rollback", t.operator, "{\"version\":\"v2\",\"reason\":\"again\"}"));
        assertThat(second.get("outcome").asText()).isEqualTo("already_rolled_back");
        JsonNode model = json(t.get("/api/v1/models/ranker", t.viewer));
        assertThat(model.get("deployments")).hasSize(2);
        JsonNode page = json(t.get("/api/v1/ledger?after=0&limit=3", t.viewer));
        assertThat(page.get("entries")).hasSize(3);
        assertThat(page.get("headSeq").asLong()).isEqualTo(6);
        assertThat(page.get("nextAfter").asLong()).isEqualTo(3);
        assertThat(json(t.get("/api/v1/ledger/6", t.viewer)).get("kind").asText()).isEqualTo("registry.deployment.rolled-back");
        JsonNode verify = json(t.get("/api/v1/ledger/verify", t.operator));
        assertThat(verify.get("valid").asBoolean()).isTrue();
        assertThat(verify.get("entriesChecked").asLong()).isEqualTo(6);
    }

    @Test
    void viewerCannotChangeAnything() {
        HttpResponse<String> r = t.post("/api/v1/models", t.viewer, "{\"name\":\"ranker\"}");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(t.get("/api/v1/ledger/verify", t.viewer).statusCode()).isEqualTo(403);
        assertThat(t.get("/api/v1/models", null).statusCode()).isEqualTo(401);
        assertThat(ledger.headSeq()).isZero();
    }

    @Test
    void badInput_gets400Or409_andLeavesTheLedgerUnchanged() throws Exception {
        setUpRanker();
        long head = ledger.headSeq();
        HttpResponse<String> malformed = t.post("/api/v1/models/ranker/deployments", t.operator, "{\"version\": \"v2\",");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(json(malformed).at("/error/message").asText()).contains("malformed JSON");
        HttpResponse<String> stage = t.post("/api/v1/models/ranker/deployments", t.operator,
                "{\"version\":\"v2\",\"stage\":\"SIDEWAYS\",\"reason\":\"x\"}");
        assertThat(stage.statusCode()).isEqualTo(400);
        assertThat(json(stage).at("/error/message").asText()).contains("SIDEWAYS");
        HttpResponse<String> noReason = t.post("/api/v1/models/ranker/promote", t.operator, "{\"version\":\"v2\"}");
        assertThat(noReason.statusCode()).isEqualTo(400);
        HttpResponse<String> illegal = t.post("/api/v1/models/ranker/deployments", t.operator,
                "{\"version\":\"v2\",\"stage\":\"PRIMARY\",\"reason\":\"second primary\"}");
        assertThat(illegal.statusCode()).isEqualTo(409);
        assertThat(json(illegal).at("/error/message").asText()).contains("already has primary v1");
        HttpResponse<String> badProvenance = t.post("/api/v1/models/ranker/versions", t.operator,
                "{\"version\":\"v3\",\"provenance\":{\"config\":[],\"dataHash\":\"h\",\"seed\":1,\"codeVersion\":\"c\",\"builtAt\":\"2026-01-01T00:00:00Z\"}}");
        assertThat(badProvenance.statusCode()).isEqualTo(400);
        HttpResponse<String> huge = t.post("/api/v1/models", t.operator,
                "{\"name\":\"big\",\"description\":\"" + "x".repeat(8192) + "\"}");
        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(t.get("/api/v1/models/unknown", t.viewer).statusCode()).isEqualTo(404);
        assertThat(t.get("/api/v1/ledger/99", t.viewer).statusCode()).isEqualTo(404);
        assertThat(t.get("/api/v1/ledger?limit=0", t.viewer).statusCode()).isEqualTo(400);
        assertThat(t.get("/api/v1/ledger/verify?mode=QUICK", t.operator).statusCode()).isEqualTo(400);
        assertThat(ledger.headSeq()).isEqualTo(head);
        assertThat(ledger.verify(dev.assay.core.ledger.VerifyMode.FULL).valid()).isTrue();
    }

    @Test
    void registerVersion_appliesTheCliDefaults() throws Exception {
        assertThat(t.post("/api/v1/models", t.operator, "{\"name\":\"ranker\"}").statusCode()).isEqualTo(201);
        HttpResponse<String> r = t.post("/api/v1/models/ranker/versions", t.operator,
                "{\"version\":\"v1\",\"provenance\":{\"dataHash\":\"sha256:aa\",\"seed\":7,\"codeVersion\":\"git:1\"}}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode v = json(r);
        assertThat(v.at("/provenance/config").isObject()).isTrue();
        assertThat(v.at("/provenance/config").size()).isZero();
        assertThat(v.at("/provenance/builtAt").asText()).isNotBlank();
    }

    @Test
    void registerVersion_listsEveryProblemInOne400() throws Exception {
        assertThat(t.post("/api/v1/models", t.operator, "{\"name\":\"ranker\"}").statusCode()).isEqualTo(201);
        long head = ledger.headSeq();
        HttpResponse<String> r = t.post("/api/v1/models/ranker/versions", t.operator,
                "{\"provenance\":{\"config\":[1],\"builtAt\":\"yesterday\"}}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).at("/error/message").asText()).contains("field 'version' is required",
                "field 'provenance.dataHash' is required", "field 'provenance.seed' is required",
                "field 'provenance.codeVersion' is required", "field 'provenance.builtAt' must be an ISO-8601 instant",
                "config must be a JSON object");
        HttpResponse<String> none = t.post("/api/v1/models/ranker/versions", t.operator, "{}");
        assertThat(json(none).at("/error/message").asText()).contains("field 'version' is required", "field 'provenance' is required");
        assertThat(ledger.headSeq()).isEqualTo(head);
    }

    @Test
    void verify_reportsTheFirstTamperedEntry() throws Exception {
        setUpRanker();
        t.store.jdbi().useHandle(h -> h.execute("UPDATE ledger_entries SET subject = 'ranker/v9' WHERE seq = 2"));
        JsonNode verify = json(t.get("/api/v1/ledger/verify?mode=checkpoints", t.operator));
        assertThat(verify.get("valid").asBoolean()).isFalse();
        assertThat(verify.get("firstBadSeq").asLong()).isEqualTo(2);
        assertThat(verify.get("problem").asText()).isEqualTo("EDITED");
    }

    @Test
    void ledgerSearchCheckSummaryAndStream_serveTheDashboard() throws Exception {
        setUpRanker();
        long head = ledger.headSeq();
        JsonNode page = json(t.get("/api/v1/ledger/search?limit=2&kind=registry.*", t.viewer));
        assertThat(page.get("entries")).extracting(e -> e.get("seq").asLong()).containsExactly(head, head - 1);
        assertThat(page.get("nextBefore").asLong()).isEqualTo(head - 1);
        JsonNode older = json(t.get("/api/v1/ledger/search?limit=2&kind=registry.*&before=" + (head - 1), t.viewer));
        assertThat(older.get("entries").get(0).get("seq").asLong()).isEqualTo(head - 2);
        assertThat(json(t.get("/api/v1/ledger/search?subject=ranker/v2", t.viewer)).get("entries"))
                .singleElement().satisfies(e -> assertThat(e.get("kind").asText()).isEqualTo("registry.version.registered"));
        assertThat(json(t.get("/api/v1/ledger/search?q=first", t.viewer)).get("entries")).singleElement();

        assertThat(json(t.get("/api/v1/ledger/1/check", t.viewer)).get("valid").asBoolean()).isTrue();
        assertThat(t.get("/api/v1/ledger/999/check", t.viewer).statusCode()).isEqualTo(404);
        assertThat(t.get("/api/v1/ledger/1/check", null).statusCode()).isEqualTo(401);

        JsonNode summary = json(t.get("/api/v1/ledger/summary", t.viewer));
        assertThat(summary.get("headSeq").asLong()).isEqualTo(head);
        assertThat(summary.get("keyId").asText()).isEqualTo(ledger.keys().keyId());
        JsonNode verified = null;
        for (int i = 0; i < 100 && (verified == null || verified.isNull()); i++) {
            Thread.sleep(50);
            verified = json(t.get("/api/v1/ledger/summary", t.viewer)).get("lastVerification");
        }
        assertThat(verified.at("/result/valid").asBoolean()).isTrue();
        assertThat(verified.at("/result/mode").asText()).isEqualTo("CHECKPOINTS");

        // The stream says hello with the head, then sends the next entry as it is appended.
        HttpResponse<java.io.InputStream> stream = t.client.send(t.request("/api/v1/ledger/stream", t.viewer).header("Accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(stream.body(), java.nio.charset.StandardCharsets.UTF_8))) {
            assertThat(lines.readLine()).isEqualTo("event: hello");
            assertThat(lines.readLine()).isEqualTo("data: {\"headSeq\":" + head + "}");
            ledger.append("test.event", "streamed", JSON.createObjectNode().put("n", 1));
            String line;
            int read = 0;
            do {
                line = lines.readLine();
            } while (line != null && !line.equals("event: entry") && ++read < 20);
            assertThat(line).isEqualTo("event: entry");
            assertThat(JSON.readTree(lines.readLine().substring("data: ".length())).get("subject").asText()).isEqualTo("streamed");
        }
    }
}
