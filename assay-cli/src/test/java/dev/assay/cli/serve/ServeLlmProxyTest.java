package dev.assay.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.cli.CliContext;
import dev.assay.cli.Main;
import dev.assay.core.time.ManualClock;
import dev.assay.models.chat.ReplayServer;
import dev.assay.server.AssayServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code assay serve} with an {@code llm} section: the chat proxy forwards to the configured endpoint with the key from the environment. */
class ServeLlmProxyTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    final ManualClock clock = new ManualClock(Instant.parse("2026-03-02T10:00:00Z"));
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final Map<String, String> env = new HashMap<>();
    ReplayServer replay;

    @BeforeEach
    void setUp() {
        replay = ReplayServer.start(ReplayServer.resource("/chat/recorded-completions.jsonl"));
        env.put("ASSAY_DATA_DIR", dir.toString());
    }

    @AfterEach
    void tearDown() {
        replay.close();
    }

    int run(StringWriter out, StringWriter err, AssayServerBody body, String... args) {
        return Main.execute(new CliContext(env, new PrintWriter(out, true), new PrintWriter(err, true), clock, server -> {
            try {
                body.run(server);
            } catch (Exception e) {
                throw new AssertionError(e);
            } finally {
                server.stop();
            }
        }), args);
    }

    interface AssayServerBody {
        void run(AssayServer server) throws Exception;
    }

    @Test
    void theProxyForwardsToTheConfiguredModelWithTheKeyFromTheEnvironment() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(run(out, err, s -> {}, "tokens", "create", "--role", "operator", "--name", "ci")).as(err.toString()).isZero();
        String operator = out.toString().strip();
        env.putAll(Map.of("ASSAY_LLM_PROVIDER", "openai", "ASSAY_LLM_BASE_URL", replay.baseUrl().toString(), "ASSAY_LLM_MODEL", "gpt-4o-mini",
                "ASSAY_LLM_API_KEY_ENV", "UPSTREAM_KEY", "UPSTREAM_KEY", "sk-test-9", "ASSAY_LLM_BUDGET_PER_HOUR", "1"));
        JsonNode[] answers = new JsonNode[2];
        int exit = run(new StringWriter(), err, server -> {
            String base = "http://127.0.0.1:" + server.port();
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/llm/chat"))
                    .header("Authorization", "Bearer " + operator).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"messages\": [{\"role\": \"user\", \"content\": \"Capital of France, one word.\"}]}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            answers[0] = JSON.readTree(r.body());
            answers[1] = JSON.readTree(client.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/llm/health"))
                    .header("Authorization", "Bearer " + operator).build(), HttpResponse.BodyHandlers.ofString()).body());
        }, "serve", "--port", "0", "--host", "127.0.0.1");
        assertThat(exit).as(err.toString()).isZero();
        assertThat(answers[0].at("/response/content").asText()).isEqualTo("Paris.");
        assertThat(answers[0].at("/score/report/tokens").asInt()).isEqualTo(2);
        assertThat(replay.authorizations()).containsExactly("Bearer sk-test-9");
        assertThat(replay.requests().getFirst().get("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(answers[1].get("provider").asText()).isEqualTo("openai");
        assertThat(answers[1].get("components").findValuesAsText("name")).containsExactly("client/openai", "budget", "monitor");
    }

    @Test
    void anUnsetKeyVariableIsAConfigurationErrorNamingIt() {
        env.putAll(Map.of("ASSAY_LLM_PROVIDER", "openai", "ASSAY_LLM_MODEL", "gpt-4o-mini", "ASSAY_LLM_API_KEY_ENV", "NO_SUCH_KEY"));
        StringWriter err = new StringWriter();
        int exit = run(new StringWriter(), err, s -> {}, "serve", "--port", "0", "--host", "127.0.0.1");
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("NO_SUCH_KEY").doesNotContain("Exception");
    }
}
