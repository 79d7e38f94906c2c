package dev.assay.cli.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.cli.CliRun;
import dev.assay.core.testing.TestEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LlmScoreCliTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    CliRun run(String... args) {
        return CliRun.run(Map.of("ASSAY_DATA_DIR", dir.resolve("data").toString()), args);
    }

    /** An OpenAI chat completion of {@code n} tokens with top-3 log-probabilities; surprisals exponential with mean {@code level}. */
    static String completion(Random rnd, String id, int n, double level) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < n; i++) text.append("t").append(i);
        StringBuilder b = new StringBuilder("{\"id\": \"" + id + "\", \"object\": \"chat.completion\", \"model\": \"m\", \"choices\": [{\"index\": 0,"
                + " \"message\": {\"role\": \"assistant\", \"content\": \"" + text + "\"}, \"logprobs\": {\"content\": [");
        for (int i = 0; i < n; i++) {
            double lp = level * Math.log(1 - rnd.nextDouble());
            double p = Math.exp(lp);
            double a2 = Math.log(Math.min(p, (1 - p) * 0.5));
            double a3 = Math.log(Math.min(Math.exp(a2), (1 - p) * 0.25));
            if (i > 0) b.append(", ");
            b.append(String.format(Locale.ROOT, "{\"token\": \"t%d\", \"logprob\": %.6f, \"top_logprobs\": [{\"token\": \"t%d\", \"logprob\": %.6f},"
                    + " {\"token\": \"u\", \"logprob\": %.6f}, {\"token\": \"v\", \"logprob\": %.6f}]}", i, lp, i, lp, a2, a3));
        }
        return b.append("]}, \"finish_reason\": \"stop\"}]}").toString();
    }

    static Path lines(Path f, long seed, int count, double level) throws IOException {
        Random rnd = new Random(seed);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) out.add(completion(rnd, "c" + i, 60, level));
        return Files.write(f, out);
    }

    @Test
    void tableOfBothShapes() throws IOException {
        Path in = Files.writeString(dir.resolve("in.jsonl"), LlmCliTest.RECORD + "\n" + completion(new Random(1), "chatcmpl-1", 30, 0.5) + "\n");
        CliRun r = run("llm", "score", in.toString(), "--window", "4");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.outLines().get(0)).contains("perplexity", "mean 1/p", "max win", "entropy");
        assertThat(r.outLines().get(1)).startsWith("1 ").contains("val-en-x", " 10 ");
        assertThat(r.outLines().get(2)).startsWith("2 ").contains("chatcmpl-1").containsPattern("\\d\\.\\d{3}\\.\\.\\d\\.\\d{3}");
        assertThat(r.out()).contains("2 responses scored (window 4 tokens");
    }

    @Test
    void jsonReportsTheStatisticsOfEachResponse() throws IOException {
        Path in = Files.writeString(dir.resolve("in.jsonl"), LlmCliTest.RECORD + "\n");
        CliRun r = run("llm", "score", in.toString(), "--json", "--per-token", "--window", "2");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode j = JSON.readTree(r.outLines().getFirst());
        assertThat(j.get("id").asText()).isEqualTo("val-en-x");
        assertThat(j.get("format").asText()).isEqualTo("mushroom");
        JsonNode rep = j.get("report");
        double mean = (2.0 + 1.0 + 0.5 + 5.0 + 0.2 + 0.1 + 4.0 + 3.0 + 0.1 + 0.2) / 10;
        assertThat(rep.get("meanSurprisal").asDouble()).isCloseTo(mean, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(rep.get("perplexity").asDouble()).isCloseTo(Math.exp(mean), org.assertj.core.api.Assertions.within(1e-9));
        assertThat(rep.get("maxWindowSurprisal").asDouble()).isEqualTo(3.5); // tokens 6-7: (4 + 3) / 2
        assertThat(rep.get("totalSurprisal").asDouble()).isCloseTo(16.1, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(rep.get("perToken").get("surprisal")).hasSize(10);
        assertThat(rep.has("entropy")).isFalse();
    }

    @Test
    void calibrateSaveAndReuse_theCheckPassesReferenceLikeTrafficAndFailsShiftedTraffic() throws IOException {
        Path ref = lines(dir.resolve("ref.jsonl"), 1, 60, 0.4);
        Path like = lines(dir.resolve("like.jsonl"), 2, 10, 0.4);
        Path shifted = lines(dir.resolve("shifted.jsonl"), 3, 10, 1.2);
        Path cal = dir.resolve("cal.json");
        CliRun made = run("llm", "score", like.toString(), "--calibrate", ref.toString(), "--quantile", "0.99", "--window", "8",
                "--save-calibration", cal.toString());
        assertThat(made.exitCode()).as(made.out() + made.err()).isZero();
        assertThat(made.out()).contains("quality: 10 passed, 0 failed; thresholds at the 0.99 quantile of 60 reference responses", "calibration written to");
        JsonNode c = JSON.readTree(cal.toFile());
        assertThat(c.get("window").asInt()).isEqualTo(8);
        assertThat(c.get("thresholds").has("meanEntropy")).isTrue();

        CliRun bad = run("llm", "score", shifted.toString(), "--calibration", cal.toString(), "--json");
        assertThat(bad.exitCode()).as(bad.err()).isEqualTo(1);
        assertThat(bad.outLines()).hasSize(10);
        JsonNode first = JSON.readTree(bad.outLines().getFirst());
        assertThat(first.get("quality").get("status").asText()).isEqualTo("FAIL");
        assertThat(first.get("quality").get("reasons").get(0).asText()).contains("> ").endsWith("the reference's 0.99 quantile");
        assertThat(first.get("report").get("window").asInt()).isEqualTo(8);

        CliRun window = run("llm", "score", shifted.toString(), "--calibration", cal.toString(), "--window", "4");
        assertThat(window.exitCode()).isEqualTo(2);
        assertThat(window.errLines()).hasSize(1);
        assertThat(window.errLines().getFirst()).startsWith("assay: --window 4 differs from the calibration's window of 8 tokens");
    }

    @Test
    void aBadLineExitsTwoNamingItsNumberAndProblem() throws IOException {
        String nan = LlmCliTest.RECORD.replace("-5.0", "NaN");
        Path in = Files.writeString(dir.resolve("in.jsonl"), LlmCliTest.RECORD + "\n\n" + nan + "\n");
        CliRun r = run("llm", "score", in.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("assay: " + in + ":3: model_output_logits[3] is NaN");
        Path logits = Files.writeString(dir.resolve("logits.jsonl"), LlmCliTest.RECORD.replace("-5.0", "12.5") + "\n");
        CliRun l = run("llm", "score", logits.toString());
        assertThat(l.exitCode()).isEqualTo(2);
        assertThat(l.errLines()).hasSize(1);
        assertThat(l.errLines().getFirst()).startsWith("assay: " + logits + ":1: model_output_logits[3] is 12.5, positive: the record holds raw logits");
        Path count = Files.writeString(dir.resolve("count.jsonl"), LlmCliTest.RECORD.replace(", -0.2]", "]") + "\n");
        CliRun c = run("llm", "score", count.toString());
        assertThat(c.exitCode()).isEqualTo(2);
        assertThat(c.err().strip()).isEqualTo("assay: " + count + ":1: mismatched token counts: 10 model_output_tokens but 9 model_output_logits");
        CliRun s = run("llm", "score", in.toString(), "--save-calibration", dir.resolve("x.json").toString());
        assertThat(s.exitCode()).isEqualTo(2);
        assertThat(s.errLines().getFirst()).contains("--save-calibration needs --calibrate");
    }

    @Test
    void swedishMushroomOutputs() {
        Path sv = TestEnvironment.sharedData().resolve("llm/mushroom-val/mushroom.sv-val.v2.extra.jsonl");
        CliRun r = run("llm", "score", sv.toString(), "--calibrate", sv.toString(), "--quantile", "0.9");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
        assertThat(r.out()).contains("49 responses scored").containsPattern("quality: \\d+ passed, [1-9]\\d* failed");
    }

    /** The English validation file: Falcon's first record is all negative, yet raw logits; it is refused for that, at line 1. */
    @Test
    void theEnglishMushroomFileIsRefusedAtItsFirstLineAsRawLogits() {
        Path en = TestEnvironment.sharedData().resolve("llm/mushroom-val/mushroom.en-val.v2.extra.jsonl");
        CliRun r = run("llm", "score", en.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.errLines().getFirst()).startsWith("assay: " + en + ":1: model_output_logits read as raw logits, not log-probabilities:"
                + " their median is -8.467, a median chosen-token probability of 0.00021");
        // told they are log-probabilities, the first record is read; line 7 holds a positive value, which no log-probability is
        CliRun said = run("llm", "score", en.toString(), "--values", "logprobs");
        assertThat(said.exitCode()).isEqualTo(2);
        assertThat(said.errLines()).hasSize(1);
        assertThat(said.errLines().getFirst()).startsWith("assay: " + en + ":7: model_output_logits[16] is 2.7456817627, positive");
        CliRun bad = run("llm", "score", en.toString(), "--values", "logits");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.errLines().getFirst()).startsWith("assay: --values must be auto or logprobs, but was 'logits'");
    }

    @Test
    void tokensThatDoNotSpellTheContent_exitTwoNamingTheFirstDifference() throws IOException {
        String good = completion(new Random(1), "c1", 5, 0.5);
        Path in = Files.writeString(dir.resolve("in.jsonl"), good + "\n" + good.replace("\"t0t1t2", "\"t0t7t2") + "\n");
        CliRun r = run("llm", "score", in.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("assay: " + in + ":2: the tokens do not spell message.content: they differ at character 3 of the"
                + " content (token 1): the tokens give '1t2t3t4' where the content has '7t2t3t4'; the log-probabilities are not those of this text");
    }
}
