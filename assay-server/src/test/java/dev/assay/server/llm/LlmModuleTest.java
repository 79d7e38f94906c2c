package dev.assay.server.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.core.auth.Role;
import dev.assay.core.auth.TokenService;
import dev.assay.core.config.AssayConfig;
import dev.assay.core.store.Store;
import dev.assay.core.telemetry.Telemetry;
import dev.assay.llm.score.Calibration;
import dev.assay.llm.score.QualityCheck;
import dev.assay.llm.score.TokenReport;
import dev.assay.llm.score.TokenScorer;
import dev.assay.llm.score.TokenScores;
import dev.assay.llm.spans.SpanDetector;
import dev.assay.server.AssayServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The LLM monitor's routes on a real server: scoring a chat completion, the calibrated verdict, spans, stats, bad input. */
public class LlmModuleTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    AssayServer server;
    String viewer;

    /** An OpenAI-compatible chat completion response whose tokens carry {@code logprobs} and two alternatives each. */
    public static String completion(String text, String[] tokens, double[] logprobs) {
        ObjectNode r = JSON.createObjectNode().put("id", "chatcmpl-test").put("object", "chat.completion").put("model", "test-model");
        ObjectNode choice = r.putArray("choices").addObject();
        choice.put("index", 0).put("finish_reason", "stop");
        choice.putObject("message").put("role", "assistant").put("content", text);
        ArrayNode content = choice.putObject("logprobs").putArray("content");
        for (int i = 0; i < tokens.length; i++) {
            ObjectNode t = content.addObject().put("token", tokens[i]).put("logprob", logprobs[i]);
            ArrayNode top = t.putArray("top_logprobs");
            top.addObject().put("token", tokens[i]).put("logprob", logprobs[i]);
            double rest = Math.log(Math.max(1e-9, (1 - Math.exp(logprobs[i])) / 2));
            top.addObject().put("token", "alt").put("logprob", Math.min(rest, logprobs[i]));
        }
        return r.toString();
    }

    void start(Optional<Calibration> calibration) {
        AssayConfig config = AssayConfig.load(null, Map.of(), Map.of("server.host", "127.0.0.1", "server.port", "0", "dataDir", dir.toString(),
                "server.shutdownGrace", "2s"));
        Store store = config.store().open();
        TokenService tokens = TokenService.create(store, Clock.systemUTC());
        Telemetry telemetry = Telemetry.create();
        viewer = tokens.create("viewer", Role.VIEWER).secret();
        server = AssayServer.builder(config, telemetry, tokens).module(new LlmModule(calibration, SpanDetector.shipped(), telemetry.registry()))
                .closeOnStop(telemetry).closeOnStop(store).build().start();
    }

    @AfterEach
    void stop() {
        if (server != null) server.stop();
    }

    HttpResponse<String> post(String body) throws Exception {
        return post("", body);
    }

    HttpResponse<String> post(String query, String body) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + LlmModule.SCORE + query))
                .header("Authorization", "Bearer " + viewer).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode stats() throws Exception {
        return JSON.readTree(CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + LlmModule.STATS))
                .header("Authorization", "Bearer " + viewer).build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    static final String[] TOKENS = {"The", " Eiffel", " Tower", " was", " built", " in", " 1889", " in", " Paris", "."};

    /** Confident log-probabilities with noise, a reference generation. */
    static double[] confident(Random r) {
        double[] lp = new double[TOKENS.length];
        for (int i = 0; i < lp.length; i++) lp[i] = -0.05 - 0.3 * r.nextDouble();
        return lp;
    }

    @Test
    void withoutACalibrationAGenerationIsScoredWithItsSpansButNotChecked() throws Exception {
        start(Optional.empty());
        double[] lp = confident(new Random(1));
        lp[6] = -6.5; // the year is a guess
        HttpResponse<String> r = post(completion("The Eiffel Tower was built in 1889 in Paris.", TOKENS, lp));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode j = JSON.readTree(r.body());
        assertThat(j.get("verdict").isNull()).isTrue();
        assertThat(j.get("calibrated").asBoolean()).isFalse();
        double nll = -Arrays.stream(lp).average().orElseThrow();
        assertThat(j.at("/report/perplexity").asDouble()).isCloseTo(Math.exp(nll), org.assertj.core.data.Offset.offset(1e-6));
        assertThat(j.at("/report/maxSurprisalAt").asInt()).isEqualTo(6);
        assertThat(j.at("/report/entropy/meanUpper").asDouble()).isPositive();
        // spans in code points inside the text, every character placed, probabilities in [0, 1]
        String text = "The Eiffel Tower was built in 1889 in Paris.";
        assertThat(j.at("/spans/alignedChars").asInt()).isEqualTo(text.length());
        assertThat(j.at("/spans/soft")).isNotEmpty().allSatisfy(x -> {
            assertThat(x.get("start").asInt()).isBetween(0, x.get("end").asInt() - 1);
            assertThat(x.get("end").asInt()).isLessThanOrEqualTo(text.length());
            assertThat(x.get("prob").asDouble()).isBetween(0.0, 1.0);
        });
        assertThat(probabilityAt(j, 30)).as("the year is under a soft span").isPositive();
        JsonNode s = stats();
        assertThat(s.get("scored").asLong()).isEqualTo(1);
        assertThat(s.get("unchecked").asLong()).isEqualTo(1);
        assertThat(s.at("/perplexity/count").asInt()).isEqualTo(1);
    }

    /** The soft-span probability of the character at {@code offset} (0 when no span covers it). */
    static double probabilityAt(JsonNode scored, int offset) {
        for (JsonNode s : scored.at("/spans/soft"))
            if (s.get("start").asInt() <= offset && offset < s.get("end").asInt()) return s.get("prob").asDouble();
        return 0;
    }

    @Test
    void aCalibratedServicePassesTypicalGenerationsAndFailsAnOutlierWithItsReasons() throws Exception {
        Random random = new Random(7);
        List<TokenReport> reference = new ArrayList<>();
        TokenScorer scorer = TokenScorer.defaults();
        for (int i = 0; i < 200; i++) {
            double[] lp = confident(random);
            double[][] top = new double[lp.length][];
            for (int k = 0; k < lp.length; k++) top[k] = new double[] {lp[k], Math.min(lp[k], Math.log(Math.max(1e-9, (1 - Math.exp(lp[k])) / 2)))};
            reference.add(scorer.score(new TokenScores(List.of(TOKENS), lp, top)));
        }
        start(Optional.of(QualityCheck.calibrate(reference, 0.99)));
        HttpResponse<String> typical = post(completion("The Eiffel Tower was built in 1889 in Paris.", TOKENS, confident(new Random(99))));
        assertThat(typical.statusCode()).as(typical.body()).isEqualTo(200);
        assertThat(JSON.readTree(typical.body()).at("/verdict/status").asText()).isEqualTo("PASS");
        double[] unsure = confident(new Random(100));
        for (int i = 3; i < 9; i++) unsure[i] = -4.0;
        HttpResponse<String> outlier = post(completion("The Eiffel Tower was built in 1889 in Paris.", TOKENS, unsure));
        JsonNode o = JSON.readTree(outlier.body());
        assertThat(o.at("/verdict/status").asText()).isEqualTo("FAIL");
        assertThat(o.at("/verdict/reasons").toString()).contains("perplexity");
        JsonNode s = stats();
        assertThat(s.get("passed").asLong()).isEqualTo(1);
        assertThat(s.get("failed").asLong()).isEqualTo(1);
        assertThat(s.at("/failures/0/reasons").toString()).contains("perplexity");
        assertThat(s.at("/failures/0/text").asText()).contains("Eiffel");
    }

    @Test
    void badGenerationsAreFourHundredsNamingTheProblem() throws Exception {
        start(Optional.empty());
        ObjectNode noLogprobs = (ObjectNode) JSON.readTree(completion("Hi.", new String[] {"Hi", "."}, new double[] {-0.1, -0.2}));
        ((ObjectNode) noLogprobs.at("/choices/0")).remove("logprobs");
        assertThat(post(noLogprobs.toString())).satisfies(r -> {
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.body()).contains("missing logprobs");
        });
        assertThat(post(completion("Hi.", new String[] {"Hi", "."}, new double[] {-0.1, 0.5})).body()).contains("positive");
        assertThat(post(completion("Hi.", new String[] {"Hi", "."}, new double[] {-0.1, Double.NaN}))).satisfies(r -> {
            assertThat(r.statusCode()).isEqualTo(400);
        });
        assertThat(post("{\"choices\": \"x\"}").statusCode()).isEqualTo(400);
        assertThat(post("?values=logits", completion("Hi.", new String[] {"Hi", "."}, new double[] {-0.1, -0.2}))).satisfies(r -> {
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(r.body()).at("/error/message").asText()).isEqualTo("query parameter values must be auto or logprobs, but was 'logits'");
        });
        assertThat(post("not json").statusCode()).isEqualTo(400);
        assertThat(post("").statusCode()).isEqualTo(400);
        assertThat(stats().get("scored").asLong()).isZero();
    }

    /** A Mu-SHROOM record of Falcon's kind: every value negative, but raw logits (a chosen token at p = 0.0002 is no generated text). */
    static final String NEGATIVE_LOGITS = "{\"id\": \"val-en-1\", \"model_id\": \"tiiuae/falcon-7b-instruct\", \"model_output_text\":"
            + " \"Petra van\", \"model_output_tokens\": [\"Pet\", \"ra\", \"\u0120van\"], \"model_output_logits\": [-5.57, -11.91, -8.47]}";

    @Test
    void rawLogitsAndTokensThatDoNotSpellTheText_areFourHundredsWithTheirProblem() throws Exception {
        start(Optional.empty());
        HttpResponse<String> logits = post(NEGATIVE_LOGITS);
        assertThat(logits.statusCode()).as(logits.body()).isEqualTo(400);
        JsonNode e = JSON.readTree(logits.body()).get("error");
        assertThat(e.get("code").asText()).isEqualTo("bad_request");
        assertThat(e.get("problem").asText()).isEqualTo("raw_logits");
        assertThat(e.get("message").asText()).startsWith("body: model_output_logits read as raw logits, not log-probabilities: their median is -8.470");
        assertThat(e.get("requestId").asText()).isNotBlank();
        // the caller may say they are log-probabilities
        HttpResponse<String> said = post("?values=logprobs", NEGATIVE_LOGITS);
        assertThat(said.statusCode()).as(said.body()).isEqualTo(200);
        assertThat(JSON.readTree(said.body()).at("/report/perplexity").asDouble()).isCloseTo(Math.exp((5.57 + 11.91 + 8.47) / 3),
                org.assertj.core.data.Offset.offset(1e-9));

        HttpResponse<String> mismatch = post(completion("The Eiffel Tower was built in 1887 in Paris.", TOKENS, confident(new Random(3))));
        assertThat(mismatch.statusCode()).as(mismatch.body()).isEqualTo(400);
        JsonNode m = JSON.readTree(mismatch.body()).get("error");
        assertThat(m.get("problem").asText()).isEqualTo("token_text_mismatch");
        assertThat(m.get("message").asText()).isEqualTo("body: the tokens do not spell message.content: they differ at character 33 of the content"
                + " (token 6): the tokens give '9 in Paris.' where the content has '7 in Paris.'; the log-probabilities are not those of this text");
        // a provider's harmless differences pass: the content stripped, an end-of-turn token in the log-probabilities
        String[] withEnd = Arrays.copyOf(TOKENS, TOKENS.length + 1);
        withEnd[TOKENS.length] = "<|eot_id|>";
        double[] lp = Arrays.copyOf(confident(new Random(4)), withEnd.length);
        lp[TOKENS.length] = -0.01;
        assertThat(post(completion("The Eiffel Tower was built in 1889 in Paris.\n", withEnd, lp)).statusCode()).isEqualTo(200);
        assertThat(stats().get("scored").asLong()).isEqualTo(2);
    }
}
