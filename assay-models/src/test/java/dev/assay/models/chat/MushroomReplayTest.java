package dev.assay.models.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.core.testing.TestEnvironment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Real generations through the client: the Mu-SHROOM (SemEval-2025 Task 3) validation records whose per-token scores
 * are log-probabilities (every value {@code <= 0}: the Swedish files and Falcon-7B-instruct's English ones; the other
 * files hold raw logits, which are not log-probabilities and which an OpenAI-compatible endpoint would not send), each
 * served by the replay server as the OpenAI chat completion it would have been (the record's text, its tokens as
 * recorded, their log probabilities, no alternatives), answered whole and as an event stream. The client must return
 * the text, the tokens and every log probability bit for bit. Needs the shared evaluation data (run with CI=true).
 */
class MushroomReplayTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One Mu-SHROOM record with log-probabilities. */
    private record Generation(String id, String lang, String model, String prompt, String text, List<String> tokens, List<Double> logprobs) {}

    private static List<Generation> logprobGenerations() throws IOException {
        Path dir = TestEnvironment.sharedData().resolve("llm/mushroom-val");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().toList();
        }
        List<Generation> out = new ArrayList<>();
        for (Path f : files) {
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                if (line.isBlank()) continue;
                JsonNode r = JSON.readTree(line);
                List<Double> scores = new ArrayList<>();
                r.get("model_output_logits").forEach(v -> scores.add(v.doubleValue()));
                if (scores.isEmpty() || !scores.stream().allMatch(v -> v <= 0)) continue; // raw logits, not log-probabilities
                List<String> tokens = new ArrayList<>();
                r.get("model_output_tokens").forEach(t -> tokens.add(t.asText()));
                assertThat(tokens).as(r.get("id").asText()).hasSameSizeAs(scores);
                out.add(new Generation(r.get("id").asText(), r.get("lang").asText(), r.get("model_id").asText(), r.get("model_input").asText(),
                        r.get("model_output_text").asText(), tokens, scores));
            }
        }
        return out;
    }

    /** {@code g} as an OpenAI chat completion with per-token log probabilities. */
    private static ReplayServer.Recording recording(Generation g) {
        ObjectNode c = JSON.createObjectNode().put("id", g.id()).put("object", "chat.completion").put("model", g.model());
        ObjectNode choice = c.putArray("choices").addObject().put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", g.text());
        ArrayNode content = choice.putObject("logprobs").putArray("content");
        for (int i = 0; i < g.tokens().size(); i++) {
            ObjectNode t = content.addObject().put("token", g.tokens().get(i)).put("logprob", g.logprobs().get(i));
            ArrayNode bytes = t.putArray("bytes");
            for (byte b : g.tokens().get(i).getBytes(StandardCharsets.UTF_8)) bytes.add(b & 0xff);
            t.putArray("top_logprobs");
        }
        return new ReplayServer.Recording(g.prompt(), c);
    }

    private static void assertSameTokens(Generation g, ChatResponse r) {
        assertThat(r.logprobs()).as(g.id()).extracting(ChatResponse.TokenLogprob::token).containsExactlyElementsOf(g.tokens());
        for (int i = 0; i < g.tokens().size(); i++) {
            double got = r.logprobs().get(i).logprob();
            assertThat(Double.doubleToRawLongBits(got)).as("%s token %d: %s against %s", g.id(), i, got, g.logprobs().get(i))
                    .isEqualTo(Double.doubleToRawLongBits(g.logprobs().get(i)));
        }
    }

    @Test
    void realGenerationsKeepTheirTextTokensAndLogprobsExactlyWholeAndStreamed() throws IOException {
        List<Generation> generations = logprobGenerations();
        TreeMap<String, Set<String>> modelsByLang = new TreeMap<>();
        for (Generation g : generations) modelsByLang.computeIfAbsent(g.lang(), k -> new TreeSet<>()).add(g.model());
        assertThat(modelsByLang).containsOnlyKeys("EN", "SV");
        assertThat(modelsByLang.values().stream().mapToInt(Set::size).sum()).isGreaterThanOrEqualTo(3);
        long tokens = generations.stream().mapToLong(g -> g.tokens().size()).sum();
        System.out.printf("Mu-SHROOM replay: %d generations with log-probabilities (%s), %d tokens, whole and streamed%n",
                generations.size(), modelsByLang, tokens);

        try (ReplayServer server = ReplayServer.start(generations.stream().map(MushroomReplayTest::recording).toList());
             ChatClient client = ChatClient.openAi(ChatClientConfig.defaults(server.baseUrl()).withRetry(1, Duration.ofMillis(1), Duration.ofMillis(1))
                     .withTimeout(Duration.ofSeconds(10)).withRateLimit(1000, Duration.ofMinutes(1), Duration.ZERO))) {
            // a prompt asked twice is answered by its recordings in turn, so each pass goes through the records in order
            for (Generation g : generations) {
                ChatResponse r = client.complete(ChatRequest.of(g.model(), g.prompt()).withLogprobs(0));
                assertThat(r.id()).isEqualTo(g.id());
                assertThat(r.model()).isEqualTo(g.model());
                assertThat(r.content()).as(g.id()).isEqualTo(g.text());
                assertSameTokens(g, r);
            }
            for (Generation g : generations) {
                StringBuilder deltas = new StringBuilder();
                ChatResponse r = client.stream(ChatRequest.of(g.model(), g.prompt()).withLogprobs(0), deltas::append);
                // a stream's text is its tokens, as an OpenAI-compatible server sends them
                assertThat(r.content()).as(g.id()).isEqualTo(String.join("", g.tokens())).isEqualTo(deltas.toString());
                assertSameTokens(g, r);
            }
            assertThat(server.requests()).hasSize(2 * generations.size())
                    .allSatisfy(sent -> assertThat(sent.get("logprobs").asBoolean()).isTrue());
        }
    }
}
