package dev.assay.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.cli.CliContext;
import dev.assay.cli.Main;
import dev.assay.cli.ServeLifetime;
import dev.assay.core.time.ManualClock;
import dev.assay.server.AssayServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code assay serve} in-process with a token drift monitor: defined by {@code assay llm monitor define} from a reference
 * file (and a second one over HTTP), fed by the generations posted to {@code /api/v1/llm/score}. The service's own
 * scheduler closes each minute's window on the test's clock: a minute like the reference does not drift; a minute of
 * less certain generations drifts, its alert reaches a webhook on 127.0.0.1, and the LLM drift rule holds.
 */
class ServeTokenMonitorTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    /** How long a step may wait for the service's background work (the scheduler every second, the rules every 15 s). */
    static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    final ManualClock clock = new ManualClock(T0);
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    Map<String, String> env;
    ServeAlertingTest.Receiver receiver;
    String operator;
    String viewer;

    @BeforeEach
    void setUp() throws IOException {
        env = Map.of("ASSAY_DATA_DIR", dir.toString());
        receiver = new ServeAlertingTest.Receiver();
        operator = assay("tokens", "create", "--role", "operator", "--name", "ci").strip();
        viewer = assay("tokens", "create", "--role", "viewer", "--name", "dash").strip();
    }

    @AfterEach
    void tearDown() {
        receiver.close();
    }

    /** A chat completion of {@code model}: 40 tokens with exponential surprisals of mean {@code level}, the content their text. */
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
        return r.toString();
    }

    @Test
    void referenceLikeTrafficRaisesNothing_shiftedTrafficRaisesTheDriftAlertAndTheDriftRule() throws Exception {
        Random rnd = new Random(1);
        List<String> reference = new ArrayList<>();
        for (int i = 0; i < 100; i++) reference.add(completion(rnd, "chat-prod", 0.4));
        Path ref = Files.write(dir.resolve("reference.jsonl"), reference);
        assertThat(assay("llm", "monitor", "define", "chat-prod", "--reference", ref.toString(), "--window", "1m"))
                .startsWith("defined llm.tokens/chat-prod  ACTIVE  window PT1M");
        Path cfg = Files.writeString(dir.resolve("assay.yaml"), """
                alerts:
                  channels:
                    - name: ops
                      type: webhook
                      url: %s/ops
                      minSeverity: WARNING
                """.formatted(receiver.uri()));
        serve(cfg, server -> {
            // a second monitor, over HTTP, from reference perplexities
            StringBuilder perplexities = new StringBuilder();
            for (int i = 0; i < 20; i++) perplexities.append(i == 0 ? "" : ",").append(1.2 + i * 0.01);
            HttpResponse<String> defined = send(server, "POST", "/api/v1/llm/monitors/chat-canary", operator,
                    "{\"reference\": [" + perplexities + "], \"window\": \"1m\"}");
            assertThat(defined.statusCode()).as(defined.body()).isEqualTo(201);
            assertThat(json(send(server, "GET", "/api/v1/llm/monitors", viewer, null)).get("monitors").findValuesAsText("model"))
                    .containsExactly("chat-canary", "chat-prod");

            Random traffic = new Random(2);
            minute(server, traffic, 0, 0.4);
            JsonNode steady = await(server, m -> m.get("windows").asLong() == 1);
            assertThat(steady.at("/lastWindow/tested").asBoolean()).isTrue();
            assertThat(steady.at("/lastWindow/drift").asBoolean()).as(steady.toString()).isFalse();
            assertThat(steady.get("responses").asLong()).isEqualTo(40);
            JsonNode calm = json(send(server, "GET", "/api/v1/llm/health", viewer, null));
            assertThat(calm.get("alerts").findValuesAsText("rule")).doesNotContain("drift");
            assertThat(calm.get("components").findValuesAsText("status")).doesNotContain("DEGRADED");

            minute(server, traffic, 1, 0.55); // the model is less sure of its tokens
            JsonNode drifted = await(server, m -> m.get("windows").asLong() == 2);
            assertThat(drifted.at("/lastWindow/drift").asBoolean()).as(drifted.toString()).isTrue();
            assertThat(drifted.get("driftWindows").asLong()).isEqualTo(1);
            JsonNode alert = receiver.await("/ops", a -> a.get("title").asText().equals("Token perplexity drift: chat-prod"));
            assertThat(alert.get("severity").asText()).isEqualTo("WARNING");
            assertThat(alert.at("/labels/model").asText()).isEqualTo("chat-prod");
            assertThat(alert.get("detail").asText()).contains("Kolmogorov-Smirnov");
            JsonNode health = awaitHealth(server, h -> h.get("alerts").findValuesAsText("rule").contains("drift"));
            assertThat(health.get("components").findValuesAsText("status")).contains("DEGRADED");
        });
        // every alert the receiver got from the token monitor is the one drift of the second minute
        assertThat(receiver.received("/ops")).filteredOn(a -> a.get("source").asText().startsWith("llm.tokens/")).hasSize(1);
    }

    /** Posts 40 generations of chat-prod at {@code level} during minute {@code round}, then moves the clock past that minute. */
    void minute(AssayServer server, Random traffic, int round, double level) throws Exception {
        clock.set(T0.plus(Duration.ofMinutes(round)).plusSeconds(10));
        for (int i = 0; i < 40; i++) {
            HttpResponse<String> r = send(server, "POST", "/api/v1/llm/score", viewer, completion(traffic, "chat-prod", level));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(json(r).at("/monitor/fed").asBoolean()).as(r.body()).isTrue();
        }
        clock.set(T0.plus(Duration.ofMinutes(round + 1)));
    }

    /** The chat-prod monitor once {@code done} holds, polling for at most {@link #WAIT}. */
    JsonNode await(AssayServer server, Predicate<JsonNode> done) throws Exception {
        return poll(server, "/api/v1/llm/monitors/chat-prod", done);
    }

    JsonNode awaitHealth(AssayServer server, Predicate<JsonNode> done) throws Exception {
        return poll(server, "/api/v1/llm/health", done);
    }

    JsonNode poll(AssayServer server, String path, Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = json(send(server, "GET", path, viewer, null));
            if (done.test(last)) return last;
            Thread.sleep(100);
        }
        throw new AssertionError(path + " did not reach the expected state within " + WAIT + "; last: " + last);
    }

    static JsonNode json(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body());
    }

    HttpResponse<String> send(AssayServer server, String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.uri() + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) b.header("Content-Type", "application/json");
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Runs {@code assay serve --config cfg} on a free port of 127.0.0.1 until {@code body} is done, then stops it. */
    void serve(Path cfg, ServeAlertingTest.WhileServing body) {
        StringWriter err = new StringWriter();
        Throwable[] failure = new Throwable[1];
        ServeLifetime lifetime = server -> {
            try {
                body.run(server);
            } catch (Exception | AssertionError e) {
                failure[0] = e;
            } finally {
                server.stop();
            }
        };
        int exit = Main.execute(new CliContext(env, new PrintWriter(new StringWriter()), new PrintWriter(err, true), clock, lifetime),
                "serve", "--port", "0", "--host", "127.0.0.1", "--config", cfg.toString());
        if (failure[0] instanceof AssertionError e) throw e;
        if (failure[0] != null) throw new AssertionError("while serving: " + err, failure[0]);
        assertThat(exit).as(err.toString()).isZero();
    }

    /** One {@code assay} command with the test's clock; its stdout, failing on a non-zero exit. */
    String assay(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.execute(new CliContext(env, new PrintWriter(out, true), new PrintWriter(err, true), clock,
                server -> { throw new AssertionError("this command does not serve"); }), args);
        assertThat(exit).as(err.toString()).isZero();
        return out.toString();
    }
}
