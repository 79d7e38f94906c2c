package dev.assay.server.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.core.alert.Alert;
import dev.assay.core.alert.AlertManager;
import dev.assay.core.auth.Role;
import dev.assay.core.auth.TokenService;
import dev.assay.core.config.AssayConfig;
import dev.assay.core.store.Store;
import dev.assay.core.telemetry.Telemetry;
import dev.assay.core.time.ManualClock;
import dev.assay.llm.health.LlmHealth;
import dev.assay.llm.spans.SpanDetector;
import dev.assay.models.chat.ChatClient;
import dev.assay.models.chat.ChatClientConfig;
import dev.assay.models.chat.ChatMetrics;
import dev.assay.models.chat.HourlyBudget;
import dev.assay.models.chat.PriceTable;
import dev.assay.models.chat.ReplayServer;
import dev.assay.models.chat.UsageLedger;
import dev.assay.server.AssayServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** POST /api/v1/llm/chat end to end against the replay server: the answer, its cost and score, each error's status, the budget, health. */
class LlmProxyHttpTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String MODEL = "gpt-4o-mini";
    static final String EIFFEL = "When was the Eiffel Tower built?";
    /** Test prices (not anyone's list prices): 1 per million in, 2 per million out. */
    static final PriceTable PRICES = PriceTable.of("USD", Map.of(MODEL, new PriceTable.Price(1, 2)));

    @TempDir
    Path dir;

    final ManualClock clock = new ManualClock(Instant.parse("2026-01-10T12:10:00Z"));
    final List<Alert> delivered = new CopyOnWriteArrayList<>();
    ReplayServer replay;
    AssayServer server;
    AlertManager alerts;
    LlmHealth health;
    HourlyBudget budget;
    String operator;
    String viewer;

    /** A recording of {@link #EIFFEL} with log probabilities, the year a guess. */
    static ReplayServer.Recording eiffel() throws Exception {
        double[] lp = {-0.1, -0.2, -0.05, -0.1, -0.3, -0.1, -6.5, -0.2, -0.1, -0.05};
        JsonNode c = JSON.readTree(LlmModuleTest.completion("The Eiffel Tower was built in 1889 in Paris.", LlmModuleTest.TOKENS, lp));
        ((ObjectNode) c).putObject("usage").put("prompt_tokens", 12).put("completion_tokens", 10).put("total_tokens", 22);
        return new ReplayServer.Recording(EIFFEL, c);
    }

    static final String MISMATCH = "When was the Eiffel Tower built, once more?";

    /** A provider's answer whose log probabilities are not those of its text: the content says 1887, the tokens 1889. */
    static ReplayServer.Recording mismatched() throws Exception {
        double[] lp = {-0.1, -0.2, -0.05, -0.1, -0.3, -0.1, -6.5, -0.2, -0.1, -0.05};
        JsonNode c = JSON.readTree(LlmModuleTest.completion("The Eiffel Tower was built in 1887 in Paris.", LlmModuleTest.TOKENS, lp));
        ((ObjectNode) c).putObject("usage").put("prompt_tokens", 12).put("completion_tokens", 10).put("total_tokens", 22);
        return new ReplayServer.Recording(MISMATCH, c);
    }

    void start(boolean configured, UnaryOperator<ChatClientConfig> tune, Optional<Double> perHour) throws Exception {
        replay = ReplayServer.start(new ArrayList<>(ReplayServer.resource("/chat/recorded-completions.jsonl")) {{ add(eiffel()); add(mismatched()); }});
        AssayConfig config = AssayConfig.load(null, Map.of(), Map.of("server.host", "127.0.0.1", "server.port", "0", "dataDir", dir.toString(),
                "server.shutdownGrace", "2s"));
        Store store = config.store().open();
        TokenService tokens = TokenService.create(store, Clock.systemUTC());
        Telemetry telemetry = Telemetry.create();
        operator = tokens.create("operator", Role.OPERATOR).secret();
        viewer = tokens.create("viewer", Role.VIEWER).secret();
        alerts = AlertManager.builder(telemetry.registry()).clock(clock).channel("recorder", delivered::add).build();
        ChatMetrics metrics = new ChatMetrics(telemetry.registry(), clock);
        budget = perHour.map(b -> new HourlyBudget(b, "USD", clock)).orElse(null);
        LlmModule module = new LlmModule(Optional.empty(), SpanDetector.shipped(), telemetry.registry());
        LlmUpstream upstream = null;
        if (configured) {
            ChatClientConfig cc = tune.apply(ChatClientConfig.defaults(replay.baseUrl()).withRetry(1, Duration.ofMillis(1), Duration.ofMillis(1))
                    .withRateLimit(1000, Duration.ofSeconds(5)).withTimeout(Duration.ofSeconds(10)));
            upstream = new LlmUpstream("openai", MODEL, ChatClient.openAi(cc, Clock.systemUTC(), metrics.retryListener("openai", ChatClient.RetryListener.NONE)),
                    metrics, PRICES, new UsageLedger(clock), Optional.ofNullable(budget));
            module.proxy(upstream);
        }
        health = new LlmHealth(configured ? Optional.of(metrics) : Optional.empty(), Optional.ofNullable(budget), LlmHealth.Thresholds.defaults(),
                alerts, telemetry.registry(), clock);
        module.health(health);
        AssayServer.Builder b = AssayServer.builder(config, telemetry, tokens).module(module).closeOnStop(telemetry).closeOnStop(store);
        if (upstream != null) b.closeOnStop(upstream);
        server = b.build().start();
    }

    @AfterEach
    void stop() {
        if (server != null) server.stop();
        if (alerts != null) alerts.close();
        if (replay != null) replay.close();
    }

    HttpResponse<String> chat(String token, String body) throws Exception {
        return LlmModuleTest.CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + LlmModule.CHAT))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode get(String path) throws Exception {
        HttpResponse<String> r = LlmModuleTest.CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Authorization", "Bearer " + viewer).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    static String ask(String prompt) {
        ObjectNode b = JSON.createObjectNode().put("model", MODEL).put("max_tokens", 100).put("temperature", 0.2).put("agent", "planner");
        b.putArray("messages").addObject().put("role", "user").put("content", prompt);
        return b.toString();
    }

    /** The error body's message, after checking the status and the JSON error shape. */
    static String error(HttpResponse<String> r, int status) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode e = JSON.readTree(r.body()).get("error");
        assertThat(e.get("status").asInt()).isEqualTo(status);
        assertThat(e.get("requestId").asText()).isNotBlank();
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("dev.assay");
        return e.get("message").asText();
    }

    @Test
    void aChatIsForwardedWithLogprobsAndAnsweredWithItsCostAndScore() throws Exception {
        start(true, c -> c, Optional.empty());
        HttpResponse<String> r = chat(operator, ask(EIFFEL));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode j = JSON.readTree(r.body());
        assertThat(j.at("/response/content").asText()).isEqualTo("The Eiffel Tower was built in 1889 in Paris.");
        assertThat(j.at("/response/finishReason").asText()).isEqualTo("stop");
        assertThat(j.at("/response/usage/promptTokens").asLong()).isEqualTo(12);
        assertThat(j.at("/cost/amount").asDouble()).isCloseTo((12 * 1 + 10 * 2) / 1e6, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(j.at("/cost/currency").asText()).isEqualTo("USD");
        assertThat(j.at("/cost/agent").asText()).isEqualTo("planner");
        assertThat(j.at("/score/report/tokens").asInt()).isEqualTo(10);
        assertThat(j.at("/score/report/maxSurprisalAt").asInt()).isEqualTo(6);
        assertThat(j.at("/score/spans/soft")).isNotEmpty();
        JsonNode sent = replay.requests().getFirst();
        assertThat(sent.get("logprobs").asBoolean()).isTrue();
        assertThat(sent.get("top_logprobs").asInt()).isEqualTo(5);
        assertThat(sent.get("max_tokens").asInt()).isEqualTo(100);

        HttpResponse<String> plain = chat(operator, ask("What is the capital of France?"));
        assertThat(plain.statusCode()).as(plain.body()).isEqualTo(200);
        JsonNode p = JSON.readTree(plain.body());
        assertThat(p.get("score").isNull()).isTrue();
        assertThat(p.get("scoreReason").asText()).contains("no log probabilities");

        JsonNode stats = get(LlmModule.STATS);
        assertThat(stats.get("scored").asLong()).isEqualTo(1);
        assertThat(stats.get("costPerHour")).hasSize(24);
        assertThat(stats.get("costPerHour").get(23).get("calls").asLong()).isEqualTo(2);
        assertThat(stats.get("costPerHour").get(23).get("start").asText()).isEqualTo("2026-01-10T12:00:00Z");
        assertThat(stats.at("/breakers/openai").asText()).isEqualTo("CLOSED");
        HttpResponse<String> scrape = LlmModuleTest.CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                .header("Authorization", "Bearer " + viewer).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body()).contains("gen_ai_client_operation_duration_seconds_count{")
                .contains("gen_ai_client_token_usage").contains("gen_ai_token_type=\"output\"")
                .contains("assay_llm_client_requests_total{").contains("outcome=\"success\"")
                .contains("assay_llm_client_circuit_state{").contains("assay_llm_client_cost_total{agent=\"planner\"")
                .contains("assay_llm_alerts_active{rule=\"cost\"}").contains("assay_llm_health{component=\"client/openai\"}");
        JsonNode h = get(LlmModule.HEALTH);
        assertThat(h.get("status").asText()).isEqualTo("HEALTHY");
        assertThat(h.get("components").findValuesAsText("name")).containsExactly("client/openai", "budget", "monitor");
    }

    /**
     * An answer whose tokens do not spell its content is delivered (the caller paid for it) but not scored: score null,
     * the reason naming the first differing character, and scoreProblem; streamed or not, and it is not counted.
     */
    @Test
    void anAnswerWhoseTokensDoNotSpellItsContent_isDeliveredUnscoredWithTheProblem() throws Exception {
        start(true, c -> c, Optional.empty());
        // streamed, a provider whose text pieces say 1887 while the log probabilities of the same chunks say 1889
        String sse = dev.assay.models.chat.ReplayEvents.openAi(eiffel().completion(), false);
        assertThat(sse).contains("\"delta\":{\"content\":\" 1889\"}");
        for (String body : List.of(ask(MISMATCH), streamed(EIFFEL))) {
            if (body.contains("\"stream\":true")) replay.enqueue(ReplayServer.Fault.events(sse.replace("\"delta\":{\"content\":\" 1889\"}",
                    "\"delta\":{\"content\":\" 1887\"}")));
            HttpResponse<String> r = chat(operator, body);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode j = body.contains("\"stream\":true") ? JSON.readTree(events(r.body()).getLast()[1]) : JSON.readTree(r.body());
            assertThat(j.at("/response/content").asText()).isEqualTo("The Eiffel Tower was built in 1887 in Paris.");
            assertThat(j.get("score").isNull()).as(j.toString()).isTrue();
            assertThat(j.get("scoreProblem").asText()).isEqualTo("token_text_mismatch");
            assertThat(j.get("scoreReason").asText()).contains("the tokens do not spell message.content: they differ at character 33 of the content"
                    + " (token 6): the tokens give '9 in Paris.' where the content has '7 in Paris.'");
            assertThat(j.at("/cost/agent").asText()).isEqualTo("planner");
        }
        assertThat(get(LlmModule.STATS).get("scored").asLong()).isZero();
    }

    @Test
    void onlyAnOperatorMaySpendAndBadBodiesAreNamed() throws Exception {
        start(true, c -> c, Optional.empty());
        assertThat(chat(viewer, ask(EIFFEL)).statusCode()).isEqualTo(403);
        assertThat(error(chat(operator, "{\"messages\": []}"), 400)).contains("messages");
        assertThat(error(chat(operator, "{\"messages\": [{\"role\": \"robot\", \"content\": \"hi\"}]}"), 400)).contains("role");
        assertThat(error(chat(operator, ask(EIFFEL).replace("\"max_tokens\":100", "\"max_tokens\":0")), 400)).contains("max_tokens");
        assertThat(error(chat(operator, ask(EIFFEL).replace("\"agent\"", "\"n\"")), 400)).contains("unknown field 'n'");
        assertThat(error(chat(operator, streamed(EIFFEL).replace("\"stream\":true", "\"stream\":\"yes\"")), 400)).contains("stream must be true or false");
        assertThat(replay.requests()).isEmpty();
    }

    static String streamed(String prompt) throws Exception {
        ObjectNode b = (ObjectNode) JSON.readTree(ask(prompt));
        b.put("stream", true);
        return b.toString();
    }

    /** The events of a text/event-stream body: [name, data] pairs in order. */
    static List<String[]> events(String body) {
        List<String[]> out = new ArrayList<>();
        for (String block : body.split("\n\n")) {
            if (block.isBlank()) continue;
            String name = null;
            String data = null;
            for (String line : block.split("\n")) {
                if (line.startsWith("event: ")) name = line.substring(7);
                if (line.startsWith("data: ")) data = line.substring(6);
            }
            out.add(new String[] {name, data});
        }
        return out;
    }

    @Test
    void aStreamedChatSendsThePiecesAsTheyComeThenTheScoredAnswer() throws Exception {
        start(true, c -> c, Optional.empty());
        HttpResponse<String> r = chat(operator, streamed(EIFFEL));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        List<String[]> ev = events(r.body());
        assertThat(ev.size()).isGreaterThan(2);
        StringBuilder text = new StringBuilder();
        for (String[] e : ev.subList(0, ev.size() - 1)) {
            assertThat(e[0]).isEqualTo("delta");
            text.append(JSON.readTree(e[1]).get("content").asText());
        }
        assertThat(text.toString()).isEqualTo("The Eiffel Tower was built in 1889 in Paris.");
        assertThat(ev.getLast()[0]).isEqualTo("result");
        JsonNode j = JSON.readTree(ev.getLast()[1]);
        assertThat(j.at("/response/content").asText()).isEqualTo(text.toString());
        assertThat(j.at("/score/report/tokens").asInt()).isEqualTo(10);
        assertThat(j.at("/score/report/maxSurprisalAt").asInt()).isEqualTo(6);
        assertThat(j.at("/cost/agent").asText()).isEqualTo("planner");
        JsonNode sent = replay.requests().getFirst();
        assertThat(sent.get("stream").asBoolean()).isTrue();
        assertThat(sent.get("logprobs").asBoolean()).isTrue();
        assertThat(get(LlmModule.STATS).get("scored").asLong()).isEqualTo(1);
    }

    @Test
    void aStreamThatFailsBeforeItsFirstPieceGetsItsStatusAndOneThatBreaksOffAnErrorEvent() throws Exception {
        start(true, c -> c, Optional.empty());
        replay.enqueue(ReplayServer.Fault.rateLimited("120"));
        HttpResponse<String> limited = chat(operator, streamed(EIFFEL));
        assertThat(error(limited, 429)).contains("429");
        assertThat(limited.headers().firstValue("Retry-After")).contains("120");

        String whole = dev.assay.models.chat.ReplayEvents.openAi(eiffel().completion(), false);
        String firstTwo = String.join("\n\n", java.util.Arrays.copyOf(whole.split("\n\n"), 3)) + "\n\n";
        replay.enqueue(ReplayServer.Fault.eventsThenDrop(firstTwo));
        HttpResponse<String> broken = chat(operator, streamed(EIFFEL));
        assertThat(broken.statusCode()).isEqualTo(200);
        List<String[]> ev = events(broken.body());
        assertThat(ev.getFirst()[0]).isEqualTo("delta");
        assertThat(ev.getLast()[0]).isEqualTo("error");
        JsonNode e = JSON.readTree(ev.getLast()[1]).get("error");
        assertThat(e.get("status").asInt()).isEqualTo(502);
        assertThat(e.get("message").asText()).contains("broke after");
        assertThat(e.get("requestId").asText()).isNotBlank();
        assertThat(broken.body()).doesNotContain("Exception").doesNotContain("dev.assay");
        assertThat(ev).noneMatch(x -> x[0].equals("result"));
    }

    @Test
    void aCallerThatLeavesMidStreamLeavesNoExchangeBehind() throws Exception {
        start(true, c -> c.withTimeout(Duration.ofMillis(800)), Optional.empty());
        String whole = dev.assay.models.chat.ReplayEvents.openAi(eiffel().completion(), false);
        replay.enqueue(ReplayServer.Fault.eventsThenStall(String.join("\n\n", java.util.Arrays.copyOf(whole.split("\n\n"), 3)) + "\n\n"));
        HttpResponse<java.io.InputStream> r = LlmModuleTest.CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + LlmModule.CHAT))
                .header("Authorization", "Bearer " + operator).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(streamed(EIFFEL))).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(r.body(), java.nio.charset.StandardCharsets.UTF_8))) {
            assertThat(lines.readLine()).isEqualTo("event: delta");
        } // the caller goes away with the model still "generating"
        // the model's exchange ends by the client's time limit at the latest, and the service goes on answering
        assertThat(replay.awaitStalls(Duration.ofSeconds(10))).isTrue();
        assertThat(replay.disconnects()).isEqualTo(1);
        HttpResponse<String> next = chat(operator, streamed(EIFFEL));
        assertThat(next.statusCode()).isEqualTo(200);
        assertThat(events(next.body()).getLast()[0]).isEqualTo("result");
    }

    @Test
    void withoutAModelTheRouteAnswers503AfterCheckingTheBody() throws Exception {
        start(false, c -> c, Optional.empty());
        assertThat(error(chat(operator, ask(EIFFEL)), 503)).contains("no model configured").contains("llm.provider");
        assertThat(error(chat(operator, "{\"model\": 3}"), 400)).contains("model");
        JsonNode h = get(LlmModule.HEALTH);
        assertThat(h.get("configured").asBoolean()).isFalse();
        assertThat(h.get("components").findValuesAsText("name")).containsExactly("budget", "monitor");
        assertThat(get(LlmModule.STATS).get("configured").asBoolean()).isFalse();
    }

    @Test
    void providerFailuresMapToGatewayStatusesNeverA500() throws Exception {
        start(true, c -> c.withTimeout(Duration.ofMillis(500)).withMaxPromptChars(200).withCircuit(3, 100, Duration.ofMinutes(5)), Optional.empty());
        assertThat(error(chat(operator, ask("x".repeat(300))), 400)).contains("over the limit");
        replay.enqueue(ReplayServer.Fault.rateLimited("120"));
        HttpResponse<String> limited = chat(operator, ask(EIFFEL));
        assertThat(error(limited, 429)).contains("429");
        assertThat(limited.headers().firstValue("Retry-After")).contains("120");
        replay.enqueue(ReplayServer.Fault.status(400, "{\"error\": {\"message\": \"bad model\"}}"));
        assertThat(error(chat(operator, ask(EIFFEL)), 502)).contains("HTTP 400").contains("bad model");
        replay.enqueue(ReplayServer.Fault.stall());
        assertThat(error(chat(operator, ask(EIFFEL)), 504)).contains("within");
        replay.enqueue(ReplayServer.Fault.status(500, "{\"error\": {\"message\": \"down\"}}"));
        replay.enqueue(ReplayServer.Fault.status(500, "{\"error\": {\"message\": \"down\"}}"));
        assertThat(error(chat(operator, ask(EIFFEL)), 502)).contains("HTTP 500");
        assertThat(error(chat(operator, ask(EIFFEL)), 502)).contains("HTTP 500");
        // with the timeout, three failures in a window of three: the circuit opens
        HttpResponse<String> open = chat(operator, ask(EIFFEL));
        assertThat(error(open, 503)).contains("circuit open");
        assertThat(open.headers().firstValue("Retry-After")).contains("300");
        assertThat(get(LlmModule.STATS).at("/breakers/openai").asText()).isEqualTo("OPEN");
        List<Alert> raised = health.evaluate();
        assertThat(raised).extracting(a -> a.labels().get("rule")).contains("circuit_open", "rate_limited");
        JsonNode h = get(LlmModule.HEALTH);
        assertThat(h.get("status").asText()).isEqualTo("UNHEALTHY");
        assertThat(h.get("alerts").findValuesAsText("rule")).contains("circuit_open", "rate_limited");
    }

    @Test
    void overTheBudgetACallIsRefusedWith429UntilTheHourRolls() throws Exception {
        // the worst case of a call (its prompt estimate plus 100 tokens at 2 per million) is 0.000215
        start(true, c -> c, Optional.of(0.00024));
        assertThat(chat(operator, ask(EIFFEL)).statusCode()).isEqualTo(200); // spends 0.000032
        clock.advance(Duration.ofMinutes(10));
        HttpResponse<String> refused = chat(operator, ask(EIFFEL));
        assertThat(error(refused, 429)).contains("hourly budget");
        assertThat(refused.headers().firstValue("Retry-After")).contains("3000"); // the first call's spend leaves the hour in 50 minutes
        assertThat(replay.requests()).hasSize(1);
        assertThat(health.evaluate()).isEmpty(); // 13% of the budget spent: the refusal is the worst case, not the spend
        clock.advance(Duration.ofMinutes(51));
        assertThat(chat(operator, ask(EIFFEL)).statusCode()).isEqualTo(200);
        assertThat(get(LlmModule.STATS).at("/budget/perHour").asDouble()).isEqualTo(0.00024);
    }
}
