package dev.assay.server.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.core.alert.Alert;
import dev.assay.core.alert.AlertManager;
import dev.assay.core.auth.Role;
import dev.assay.core.auth.TokenService;
import dev.assay.core.config.AssayConfig;
import dev.assay.core.ledger.Ledger;
import dev.assay.core.ledger.LedgerEntry;
import dev.assay.core.ledger.LedgerKeys;
import dev.assay.core.monitor.MonitorScheduler;
import dev.assay.core.monitor.Monitors;
import dev.assay.core.store.Store;
import dev.assay.core.telemetry.Telemetry;
import dev.assay.core.time.ManualClock;
import dev.assay.llm.health.LlmHealth;
import dev.assay.llm.monitor.TokenMonitorKind;
import dev.assay.llm.spans.SpanDetector;
import dev.assay.models.chat.ChatClient;
import dev.assay.models.chat.ChatClientConfig;
import dev.assay.models.chat.ChatMetrics;
import dev.assay.models.chat.PriceTable;
import dev.assay.models.chat.ReplayServer;
import dev.assay.models.chat.UsageLedger;
import dev.assay.server.AssayServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Token drift monitors over real HTTP on 127.0.0.1: a monitor is defined from reference responses, the generations the
 * service scores (and proxies) feed it, the scheduler closes each minute's window against the reference, and a shift of
 * the model's certainty drifts, is recorded in the ledger, alerted, and holds the LLM drift rule.
 */
class LlmMonitorHttpTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    static final String MODEL = "acme/chat-1";

    @TempDir
    Path dir;

    final ManualClock clock = new ManualClock(T0);
    final List<Alert> delivered = new CopyOnWriteArrayList<>();
    AssayServer server;
    Ledger ledger;
    AlertManager alerts;
    LlmHealth health;
    MonitorScheduler scheduler;
    ReplayServer replay;
    String operator;
    String viewer;

    @BeforeEach
    void start() throws Exception {
        replay = ReplayServer.start(List.of(new ReplayServer.Recording("Say something.", JSON.readTree(completion(new Random(9), "gpt-4o-mini", 0.4)))));
        AssayConfig config = AssayConfig.load(null, Map.of(), Map.of("server.host", "127.0.0.1", "server.port", "0", "dataDir", dir.toString(),
                "server.shutdownGrace", "2s"));
        Store store = config.store().open();
        TokenService tokens = TokenService.create(store, Clock.systemUTC());
        Telemetry telemetry = Telemetry.create();
        operator = tokens.create("operator", Role.OPERATOR).secret();
        viewer = tokens.create("viewer", Role.VIEWER).secret();
        ledger = Ledger.open(store, LedgerKeys.generate(new SecureRandom()), clock);
        alerts = AlertManager.builder(telemetry.registry()).clock(clock).channel("recorder", delivered::add).build();
        health = new LlmHealth(Optional.empty(), Optional.empty(), LlmHealth.Thresholds.defaults(), alerts, telemetry.registry(), clock);
        Monitors monitors = Monitors.open(store, clock, List.of(new TokenMonitorKind(health.observing(alerts), telemetry.registry())));
        scheduler = MonitorScheduler.create(store, monitors, ledger, clock, "test", Duration.ofSeconds(15));
        ChatMetrics metrics = new ChatMetrics(telemetry.registry(), clock);
        LlmUpstream upstream = new LlmUpstream("openai", "gpt-4o-mini", ChatClient.openAi(ChatClientConfig.defaults(replay.baseUrl())
                .withRetry(1, Duration.ofMillis(1), Duration.ofMillis(1)).withRateLimit(1000, Duration.ofSeconds(5)), Clock.systemUTC(),
                ChatClient.RetryListener.NONE), metrics, PriceTable.empty(), new UsageLedger(clock), Optional.empty());
        LlmModule llm = new LlmModule(Optional.empty(), SpanDetector.shipped(), telemetry.registry()).health(health).monitors(monitors, clock)
                .proxy(upstream);
        server = AssayServer.builder(config, telemetry, tokens).module(llm).module(new LlmMonitorModule(monitors)).closeOnStop(upstream)
                .closeOnStop(telemetry).closeOnStop(store).build().start();
    }

    @AfterEach
    void stop() {
        if (scheduler != null) scheduler.close();
        if (server != null) server.stop();
        if (alerts != null) alerts.close(Duration.ofSeconds(5));
        if (ledger != null) ledger.close();
        if (replay != null) replay.close();
    }

    /**
     * A chat completion of {@code model} with 40 tokens whose surprisals are exponential with mean {@code level}, its
     * content the tokens joined.
     */
    static String completion(Random rnd, String model, double level) {
        ObjectNode r = JSON.createObjectNode().put("id", "chatcmpl-" + rnd.nextInt(1_000_000)).put("object", "chat.completion").put("model", model);
        ObjectNode choice = r.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
        ArrayNode content = choice.putObject("logprobs").putArray("content");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            String token = (i == 0 ? "" : " ") + "w" + rnd.nextInt(100);
            text.append(token);
            content.addObject().put("token", token).put("logprob", level * Math.log(1 - rnd.nextDouble()));
        }
        choice.putObject("message").put("role", "assistant").put("content", text.toString());
        r.putObject("usage").put("prompt_tokens", 5).put("completion_tokens", 40).put("total_tokens", 45);
        return r.toString();
    }

    HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).header("Authorization", "Bearer " + token);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) b.header("Content-Type", "application/json");
        return LlmModuleTest.CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode ok(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 201);
        return JSON.readTree(r.body());
    }

    String error(HttpResponse<String> r, int status) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("dev.assay");
        return JSON.readTree(r.body()).at("/error/message").asText();
    }

    /** The body defining a monitor on {@code n} reference responses at level 0.4. */
    static String reference(long seed, int n) {
        Random rnd = new Random(seed);
        StringBuilder b = new StringBuilder("{\"window\": \"1m\", \"alpha\": 0.01, \"minResponses\": 20, \"responses\": [");
        for (int i = 0; i < n; i++) b.append(i == 0 ? "" : ",").append(completion(rnd, "reference", 0.4));
        return b.append("]}").toString();
    }

    /** Scores 40 responses of {@link #MODEL} at {@code level} during minute {@code round}, then closes that minute. */
    void minuteOfTraffic(Random traffic, int round, double level) throws Exception {
        clock.set(T0.plus(Duration.ofMinutes(round)).plusSeconds(10));
        for (int i = 0; i < 40; i++) {
            JsonNode scored = ok(send("POST", LlmModule.SCORE, viewer, completion(traffic, MODEL, level)));
            assertThat(scored.at("/monitor/id").asText()).isEqualTo("llm.tokens/" + MODEL);
            assertThat(scored.at("/monitor/fed").asBoolean()).as(scored.get("monitor").toString()).isTrue();
        }
        clock.set(T0.plus(Duration.ofMinutes(round + 1)));
        scheduler.tick();
    }

    @Test
    void referenceLikeTrafficDoesNotDrift_shiftedTrafficDrifts_isRecorded_alerted_andHoldsTheDriftRule() throws Exception {
        JsonNode defined = ok(send("POST", LlmMonitorModule.MONITORS + "/" + MODEL, operator, reference(1, 100)));
        assertThat(defined.get("id").asText()).isEqualTo("llm.tokens/acme/chat-1");
        assertThat(defined.get("referenceSize").asInt()).isEqualTo(100);
        assertThat(defined.get("window").asText()).isEqualTo("PT1M");
        assertThat(defined.get("windows").asLong()).isZero();

        Random traffic = new Random(2);
        for (int round = 0; round < 3; round++) minuteOfTraffic(traffic, round, 0.4);
        JsonNode steady = ok(send("GET", LlmMonitorModule.MONITORS + "/" + MODEL, viewer, null));
        assertThat(steady.get("windows").asLong()).isEqualTo(3);
        assertThat(steady.get("responses").asLong()).isEqualTo(120);
        assertThat(steady.get("driftWindows").asLong()).isZero();
        assertThat(steady.at("/lastWindow/tested").asBoolean()).isTrue();
        assertThat(steady.at("/lastWindow/drift").asBoolean()).isFalse();
        assertThat(health.evaluate()).isEmpty();
        assertThat(delivered).isEmpty();
        assertThat(ok(send("GET", LlmModule.HEALTH, viewer, null)).get("alerts")).isEmpty();

        for (int round = 3; round < 5; round++) minuteOfTraffic(traffic, round, 0.55); // the model is less sure of its tokens
        JsonNode drifted = ok(send("GET", LlmMonitorModule.MONITORS + "/" + MODEL, viewer, null));
        assertThat(drifted.get("windows").asLong()).isEqualTo(5);
        assertThat(drifted.get("driftWindows").asLong()).isEqualTo(2);
        assertThat(drifted.at("/lastWindow/drift").asBoolean()).isTrue();
        assertThat(drifted.at("/lastWindow/pValue").asDouble()).isLessThanOrEqualTo(0.01);
        assertThat(drifted.at("/lastWindow/medianPerplexity").asDouble()).isGreaterThan(drifted.at("/lastWindow/referenceMedianPerplexity").asDouble());
        alerts.close(Duration.ofSeconds(5)); // delivers what is queued
        assertThat(delivered).singleElement().satisfies(a -> {
            assertThat(a.dedupKey()).isEqualTo("llm.tokens/acme/chat-1/drift");
            assertThat(a.detail()).contains("Kolmogorov-Smirnov");
        });
        health.evaluate();
        JsonNode h = ok(send("GET", LlmModule.HEALTH, viewer, null));
        assertThat(h.get("alerts").findValuesAsText("rule")).containsExactly("drift");
        assertThat(h.at("/alerts/0/detail").asText()).contains("acme/chat-1");
        assertThat(h.get("components").findValuesAsText("status")).contains("DEGRADED");
        List<JsonNode> windows = new ArrayList<>();
        for (LedgerEntry e : ledger.page(0, 10_000)) if (e.kind().equals(TokenMonitorKind.WINDOW_KIND)) windows.add(JSON.readTree(e.payload()));
        assertThat(windows).hasSize(5);
        assertThat(windows).extracting(w -> w.get("drift").asBoolean()).containsExactly(false, false, false, true, true);
    }

    @Test
    void proxiedAnswersFeedTheMonitorOfTheModelAskedFor_otherModelsFeedNone() throws Exception {
        JsonNode defined = ok(send("POST", LlmMonitorModule.MONITORS + "/gpt-4o-mini", operator, reference(3, 20).replace("\"responses\"",
                "\"values\": \"auto\", \"responses\"")));
        assertThat(defined.get("model").asText()).isEqualTo("gpt-4o-mini");
        String ask = "{\"messages\": [{\"role\": \"user\", \"content\": \"Say something.\"}]}";
        for (int i = 0; i < 3; i++) {
            JsonNode answer = ok(send("POST", LlmModule.CHAT, operator, ask));
            assertThat(answer.at("/score/report/tokens").asInt()).isEqualTo(40);
            assertThat(answer.at("/score/monitor/fed").asBoolean()).as(answer.toString()).isTrue();
        }
        assertThat(ok(send("GET", LlmMonitorModule.MONITORS + "/gpt-4o-mini", viewer, null)).get("pending").asLong()).isEqualTo(3);
        JsonNode other = ok(send("POST", LlmModule.SCORE, viewer, completion(new Random(5), "another-model", 0.4)));
        assertThat(other.get("monitor").isNull()).isTrue();
        // ?model= says which model a generation belongs to
        JsonNode named = ok(send("POST", LlmModule.SCORE + "?model=gpt-4o-mini", viewer, completion(new Random(6), "another-model", 0.4)));
        assertThat(named.at("/monitor/fed").asBoolean()).isTrue();
        assertThat(ok(send("GET", LlmMonitorModule.MONITORS, viewer, null)).get("monitors").findValuesAsText("model")).containsExactly("gpt-4o-mini");
    }

    @Test
    void badDefinitionsAreFourHundredsNamingTheField_aSecondIs409_aStoppedMonitorIsNotFed() throws Exception {
        String path = LlmMonitorModule.MONITORS + "/" + MODEL;
        assertThat(send("POST", path, viewer, reference(1, 20)).statusCode()).isEqualTo(403);
        assertThat(error(send("POST", path, operator, "{\"responses\": [], \"colour\": 1}"), 400)).contains("unknown field 'colour'");
        assertThat(error(send("POST", path, operator, "{\"window\": \"1m\"}"), 400)).contains("exactly one of \"reference\"");
        assertThat(error(send("POST", path, operator, "{\"reference\": [1.5, 2.0]}"), 400)).contains("reference must hold 20 to 10000 perplexities, but held 2");
        assertThat(error(send("POST", path, operator, "{\"reference\": [1.5, NaN]}"), 400)).contains("reference");
        assertThat(error(send("POST", path, operator, reference(1, 20).replace("\"1m\"", "\"soon\"")), 400)).contains("field 'window'");
        assertThat(error(send("POST", path, operator, reference(1, 20).replace("\"alpha\": 0.01", "\"alpha\": 0.7")), 400)).contains("alpha must be in (0, 0.5)");
        assertThat(error(send("POST", LlmMonitorModule.MONITORS + "/has%20space", operator, reference(1, 20)), 400)).contains("model must be");
        String logits = "{\"model_output_tokens\": [\"a\", \"b\", \"c\"], \"model_output_logits\": [-9.1, -8.2, -7.3]}";
        String withLogits = reference(1, 20).replace("\"responses\": [", "\"responses\": [" + logits + ",");
        assertThat(error(send("POST", path, operator, withLogits), 400)).startsWith("responses[0]: model_output_logits read as raw logits");
        assertThat(ok(send("POST", path, operator, withLogits.replace("\"responses\"", "\"values\": \"logprobs\", \"responses\""))).get("referenceSize")
                .asInt()).isEqualTo(21);
        assertThat(error(send("POST", path, operator, reference(1, 20)), 409)).contains(MODEL);
        assertThat(error(send("GET", LlmMonitorModule.MONITORS + "/nobody", viewer, null), 404)).contains("no token monitor for model nobody");
        assertThat(ok(send("DELETE", path, operator, null)).get("status").asText()).isEqualTo("STOPPED");
        JsonNode scored = ok(send("POST", LlmModule.SCORE, viewer, completion(new Random(7), MODEL, 0.4)));
        assertThat(scored.at("/monitor/fed").asBoolean()).isFalse();
        assertThat(scored.at("/monitor/reason").asText()).isEqualTo("the monitor is stopped");
    }

    @Test
    void anUnscorableGenerationFeedsNoMonitor() throws Exception {
        ok(send("POST", LlmMonitorModule.MONITORS + "/" + MODEL, operator, reference(1, 20)));
        JsonNode c = JSON.readTree(completion(new Random(8), MODEL, 0.4));
        ((ObjectNode) c.at("/choices/0/message")).put("content", "something else entirely");
        HttpResponse<String> r = send("POST", LlmModule.SCORE, viewer, c.toString());
        assertThat(error(r, 400)).contains("character 0 of the content (token 0)");
        assertThat(JSON.readTree(r.body()).at("/error/problem").asText()).isEqualTo("token_text_mismatch");
        assertThat(ok(send("GET", LlmMonitorModule.MONITORS + "/" + MODEL, viewer, null)).get("pending").asLong()).isZero();
        HttpResponse<String> metrics = send("GET", "/metrics", viewer, null);
        assertThat(metrics.body()).contains("assay_llm_unscorable_total{problem=\"token_text_mismatch\"} 1.0");
    }
}
