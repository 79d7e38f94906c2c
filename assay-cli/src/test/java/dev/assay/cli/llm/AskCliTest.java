package dev.assay.cli.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.cli.CliRun;
import dev.assay.models.chat.ReplayEvents;
import dev.assay.models.chat.ReplayServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code assay llm ask} against the replay server on 127.0.0.1. */
class AskCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private ReplayServer server;

    @TempDir
    Path dir;

    @BeforeEach
    void start() {
        server = ReplayServer.start(ReplayServer.resource("/chat/recorded-completions.jsonl"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private CliRun run(Map<String, String> env, String... args) {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("ASSAY_DATA_DIR", dir.resolve("data").toString());
        return CliRun.run(all, args);
    }

    private CliRun run(String... args) {
        return run(Map.of(), args);
    }

    @Test
    void printsTheAnswerAndUsageWithCost() throws IOException {
        Path prices = Files.writeString(dir.resolve("prices.json"),
                "{\"currency\": \"USD\", \"as_of\": \"test\", \"models\": {\"gpt-4o-mini\": {\"input\": 1, \"output\": 2}}}");
        CliRun r = run(Map.of("OPENAI_API_KEY", "sk-from-env"), "llm", "ask", "--url", server.baseUrl().toString(), "--model", "gpt-4o-mini",
                "--prices", prices.toString(), "--system", "Be brief.", "--max-tokens", "64", "What is the capital of France?");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("The capital of France is Paris." + System.lineSeparator());
        assertThat(r.err()).contains("14 prompt + 7 completion tokens").contains("cost 0.000028 USD").contains("by gpt-4o-mini-2024-07-18");
        assertThat(server.authorizations()).containsExactly("Bearer sk-from-env");
        JsonNode sent = server.requests().getFirst();
        assertThat(sent.get("messages").get(0).get("content").asText()).isEqualTo("Be brief.");
        assertThat(sent.get("max_tokens").asInt()).isEqualTo(64);
    }

    @Test
    void streamsTheAnswerAndPrintsJsonWithLogprobs() throws IOException {
        CliRun s = run("llm", "ask", "--url", server.baseUrl().toString(), "--model", "gpt-4o-mini", "--stream", "Say hello.");
        assertThat(s.exitCode()).as(s.err()).isZero();
        assertThat(s.out()).isEqualTo("Hello! How can I help you today?" + System.lineSeparator());
        assertThat(s.err()).contains("9 prompt + 9 completion tokens").contains("cost unknown (no price for gpt-4o-mini; see --prices)");
        assertThat(server.requests().getFirst().get("stream").asBoolean()).isTrue();
        CliRun j = run("llm", "ask", "--url", server.baseUrl().toString(), "--model", "gpt-4o-mini", "--logprobs", "2", "--json",
                "Capital of France, one word.");
        assertThat(j.exitCode()).as(j.err()).isZero();
        JsonNode n = JSON.readTree(j.out());
        assertThat(n.get("content").asText()).isEqualTo("Paris.");
        assertThat(n.get("logprobs")).hasSize(2);
        assertThat(n.get("logprobs").get(0).get("top_logprobs").get(1).get("token").asText()).isEqualTo("The");
        assertThat(n.get("usage").get("total_tokens").asInt()).isEqualTo(15);
        assertThat(n.get("cost").isNull()).isTrue();
    }

    @Test
    void anthropicStreamsThroughTheMessagesApi() {
        server.replay(ReplayServer.resource("/chat/recorded-messages.jsonl"));
        CliRun r = run(Map.of("ANTHROPIC_API_KEY", "sk-ant"), "llm", "ask", "--provider", "anthropic", "--url", server.rootUrl().toString(),
                "--model", "claude-3-5-haiku-20241022", "--stream", "Write a haiku about rivers.");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo(String.join("", ReplayEvents.pieces(
                "Water carves through stone,\npatient currents shape the land;\nthe sea calls them home.")) + System.lineSeparator());
        assertThat(r.err()).contains("13 prompt + 27 completion tokens").contains("finish end_turn");
        assertThat(server.header(0, "x-api-key")).isEqualTo("sk-ant");
    }

    @Test
    void providerFailuresExit1AndBadUsageExit2WithOneLine() {
        for (int i = 0; i < 2; i++) server.enqueue(ReplayServer.Fault.status(500, "{\"error\": {\"message\": \"server error\"}}"));
        CliRun failed = run("llm", "ask", "--url", server.baseUrl().toString(), "--model", "gpt-4o-mini", "--attempts", "2", "Say hello.");
        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.errLines()).singleElement().asString().startsWith("assay: ").contains("HTTP 500").contains("server error");
        assertThat(failed.out()).isEmpty();

        CliRun refused = run("llm", "ask", "--provider", "anthropic", "--url", server.rootUrl().toString(), "--model", "claude",
                "--logprobs", "3", "hi");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.errLines()).singleElement().asString().contains("no log probabilities");

        CliRun noKey = run("llm", "ask", "--url", server.baseUrl().toString(), "--model", "m", "--api-key-env", "MY_KEY", "hi");
        assertThat(noKey.exitCode()).isEqualTo(2);
        assertThat(noKey.errLines()).singleElement().asString().contains("MY_KEY").contains("not set");

        CliRun badUrl = run("llm", "ask", "--url", "ftp://example.com", "--model", "m", "hi");
        assertThat(badUrl.exitCode()).isEqualTo(2);
        assertThat(badUrl.errLines()).singleElement().asString().contains("http or https");

        CliRun badTemp = run("llm", "ask", "--url", server.baseUrl().toString(), "--model", "m", "--temperature", "5", "hi");
        assertThat(badTemp.exitCode()).isEqualTo(2);
        assertThat(badTemp.errLines()).singleElement().asString().contains("temperature");
        assertThat(server.requests()).hasSize(2); // only the two failed attempts reached the server
    }

    @Test
    void aStallingProviderTimesOutWithExit1() {
        server.enqueue(ReplayServer.Fault.stall());
        CliRun r = run("llm", "ask", "--url", server.baseUrl().toString(), "--model", "gpt-4o-mini", "--attempts", "1", "--timeout", "0.3", "Say hello.");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.errLines()).singleElement().asString().contains("within PT0.3S").contains("cancelled");
    }
}
