package dev.assay.cli.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.cli.CliRun;
import dev.assay.llm.score.QualityCheck;
import dev.assay.llm.score.TokenReport;
import dev.assay.llm.score.TokenScorer;
import dev.assay.llm.score.TokenScores;
import dev.assay.models.chat.ReplayEvents;
import dev.assay.models.chat.ReplayServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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

    /** A calibration from ten reference answers whose every token had log-probability {@code logprob}. */
    private Path calibration(String name, double logprob) throws IOException {
        List<TokenReport> refs = new ArrayList<>();
        for (int i = 0; i < QualityCheck.MIN_REFERENCES; i++)
            refs.add(TokenScorer.defaults().score(TokenScores.of(List.of("a", "b", "c"), new double[] {logprob, logprob, logprob})));
        return Files.writeString(dir.resolve(name), QualityCheck.calibrate(refs, 0.95).toJson().toPrettyString());
    }

    @Test
    void withLogprobs_theAnswerIsScored_andCheckedAgainstACalibration() throws IOException {
        // the recorded answer "Paris." has log-probabilities -3.1e-06 and -0.00012, each with two alternatives
        double perplexity = Math.exp((3.1e-6 + 0.00012) / 2);
        String url = server.baseUrl().toString();
        CliRun plain = run("llm", "ask", "--url", url, "--model", "gpt-4o-mini", "--logprobs", "2", "Capital of France, one word.");
        assertThat(plain.exitCode()).as(plain.err()).isZero();
        assertThat(plain.out()).isEqualTo("Paris." + System.lineSeparator());
        assertThat(plain.errLines()).hasSize(2);
        assertThat(plain.errLines().get(1)).startsWith("assay: score: 2 tokens, perplexity " + String.format(Locale.ROOT, "%.4f", perplexity))
                .contains("max surprisal 0.000", "total surprisal 0.00 nats", "entropy ");

        CliRun json = run("llm", "ask", "--url", url, "--model", "gpt-4o-mini", "--logprobs", "2", "--json", "Capital of France, one word.");
        assertThat(json.exitCode()).as(json.err()).isZero();
        JsonNode score = JSON.readTree(json.out()).get("score");
        assertThat(score.get("report").get("tokens").asInt()).isEqualTo(2);
        assertThat(score.get("report").get("perplexity").asDouble()).isCloseTo(perplexity, within(1e-12));
        assertThat(score.get("report").get("maxSurprisal").asDouble()).isCloseTo(0.00012, within(1e-12));
        assertThat(score.get("quality").isNull()).isTrue();

        // references certain of every token: the answer's surprisal is above their thresholds
        Path strict = calibration("strict.json", -1e-9);
        CliRun failed = run("llm", "ask", "--url", url, "--model", "gpt-4o-mini", "--logprobs", "2", "--calibration", strict.toString(), "--json",
                "Capital of France, one word.");
        assertThat(failed.exitCode()).as(failed.err()).isZero();
        JsonNode quality = JSON.readTree(failed.out()).get("score").get("quality");
        assertThat(quality.get("status").asText()).isEqualTo("FAIL");
        assertThat(quality.get("reasons")).isNotEmpty();
        assertThat(failed.err()).contains("assay: quality: FAIL (");
        // references less sure than this answer: it passes
        Path loose = calibration("loose.json", -1.0);
        CliRun passed = run("llm", "ask", "--url", url, "--model", "gpt-4o-mini", "--logprobs", "2", "--calibration", loose.toString(),
                "Capital of France, one word.");
        assertThat(passed.exitCode()).as(passed.err()).isZero();
        assertThat(passed.errLines()).last().asString().startsWith("assay: quality: PASS, calibration ");
    }

    @Test
    void withoutLogprobsInTheAnswer_nothingIsScored_andACalibrationNeedsLogprobs() throws IOException {
        String url = server.baseUrl().toString();
        CliRun r = run("llm", "ask", "--url", url, "--model", "gpt-4o-mini", "--logprobs", "1", "--json", "What is the capital of France?");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(JSON.readTree(r.out()).get("score").isNull()).isTrue();
        assertThat(r.err()).contains("the provider returned no log-probabilities, so the answer is not scored");
        CliRun none = run("llm", "ask", "--url", url, "--model", "gpt-4o-mini", "What is the capital of France?");
        assertThat(none.errLines()).hasSize(1); // the usage line only: no log-probabilities were asked for
        CliRun usage = run("llm", "ask", "--url", url, "--model", "gpt-4o-mini", "--calibration", calibration("c.json", -1).toString(), "hi");
        assertThat(usage.exitCode()).isEqualTo(2);
        assertThat(usage.errLines()).singleElement().asString().contains("--calibration needs --logprobs");
    }

    @Test
    void logprobsThatCannotBeScored_areAMalformedAnswer_exit1AfterTheAnswer() {
        ObjectNode c = (ObjectNode) ReplayServer.Recording.ofText("Say hi.", "m", "Hi").completion();
        // the chosen token is more likely than the most likely alternative the provider lists: not a top-k list
        ObjectNode token = ((ObjectNode) c.get("choices").get(0)).putObject("logprobs").putArray("content").addObject().put("token", "Hi")
                .put("logprob", -0.1);
        token.putArray("top_logprobs").addObject().put("token", "Hello").put("logprob", -3.0);
        server.replay(List.of(new ReplayServer.Recording("Say hi.", c)));
        CliRun r = run("llm", "ask", "--url", server.baseUrl().toString(), "--model", "m", "--logprobs", "0", "Say hi.");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEqualTo("Hi" + System.lineSeparator());
        assertThat(r.errLines()).last().asString().startsWith("assay: the answer's log-probabilities cannot be scored: ").contains("above its most likely alternative");
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

    @Test
    void theDeadlineEndsRetriesAgainstAStallingProviderWithExit1() {
        for (int i = 0; i < 3; i++) server.enqueue(ReplayServer.Fault.stall());
        CliRun r = run("llm", "ask", "--url", server.baseUrl().toString(), "--model", "gpt-4o-mini", "--attempts", "3", "--timeout", "30",
                "--deadline", "0.4", "Say hello.");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.errLines()).singleElement().asString().contains("deadline of PT0.4S");
        assertThat(server.requests()).hasSize(1);
        CliRun bad = run("llm", "ask", "--url", server.baseUrl().toString(), "--model", "m", "--deadline", "0", "hi");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.errLines()).singleElement().asString().contains("--deadline");
    }
}
