package dev.assay.fingerprint.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.fingerprint.encode.EncodedResponse;
import dev.assay.fingerprint.encode.EncoderConfig;
import dev.assay.fingerprint.encode.ResponseEncoder;
import dev.assay.fingerprint.response.Response;
import dev.assay.fingerprint.response.TokenLogprob;
import dev.assay.fingerprint.verify.Kernel;
import dev.assay.fingerprint.verify.Verifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real log-probabilities: the Swedish Mu-SHROOM validation generations, whose per-token scores are true
 * log-probabilities of the chosen token (no alternatives), from models answering different questions. With the
 * log-probability profile alone (traffic mode), the two models with enough generations are told apart, and random
 * halves of one model's generations are not.
 */
class MushroomLogprobTest {
    static final ResponseEncoder ENCODER = new ResponseEncoder(EncoderConfig.DEFAULT);
    static final Verifier.Config TRAFFIC = Verifier.Config.DEFAULT.withMode(Verifier.Mode.TRAFFIC).withKernel(Kernel.LOGPROB);
    static Map<String, List<EncodedResponse>> byModel;

    @BeforeAll
    static void read() throws IOException {
        Path file = dev.assay.core.testing.TestEnvironment.sharedData().resolve("llm/mushroom-val/mushroom.sv-val.v2.extra.jsonl");
        ObjectMapper json = new ObjectMapper();
        byModel = new TreeMap<>();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank()) continue;
            JsonNode d = json.readTree(line);
            List<TokenLogprob> tokens = new ArrayList<>();
            for (int i = 0; i < d.get("model_output_tokens").size(); i++) {
                tokens.add(new TokenLogprob(d.get("model_output_tokens").get(i).asText(), d.get("model_output_logits").get(i).asDouble(), List.of()));
            }
            String model = d.get("model_id").asText();
            Response r = new Response(model, d.get("id").asText(), d.get("model_input").asText(), d.get("model_output_text").asText(),
                    List.of(), null, tokens);
            byModel.computeIfAbsent(model, m -> new ArrayList<>()).add(ENCODER.encode(r));
        }
    }

    @Test
    void theConfidenceProfileAloneTellsTwoModelsApartAndHalvesOfOneModelAreNot() {
        List<EncodedResponse> poro = byModel.get("LumiOpen/Poro-34B-chat");
        List<EncodedResponse> gptSw3 = byModel.get("AI-Sweden-Models/gpt-sw3-6.7b-v2-instruct-gguf");
        assertThat(poro).hasSize(16);
        assertThat(gptSw3).hasSize(29);
        Verifier.Result apart = Verifier.verify(poro, gptSw3, TRAFFIC);
        System.out.printf("mushroom sv, log-probability profile only: Poro-34B-chat (16) vs GPT-SW3 6.7B (29): %s p=%.4f effect=%.4f%n",
                apart.verdict(), apart.pValue(), apart.effect());
        assertThat(apart.verdict()).as(apart.reason()).isEqualTo(Verifier.Verdict.DIFFERENT);
        // random halves of one model: the permutation test is exact, so at alpha 0.05 about 5% of splits alarm
        int alarms = 0;
        int splits = 100;
        Random rng = new Random(7);
        Verifier.Config cfg = TRAFFIC.withAlpha(0.05).withPermutations(199);
        for (int t = 0; t < splits; t++) {
            List<EncodedResponse> all = new ArrayList<>(t % 2 == 0 ? gptSw3 : poro);
            Collections.shuffle(all, rng);
            int half = all.size() / 2;
            if (Verifier.verify(all.subList(0, half), all.subList(half, all.size()), cfg.withSeed(t)).verdict() == Verifier.Verdict.DIFFERENT) alarms++;
        }
        System.out.printf("mushroom sv, log-probability profile only: %d of %d self-splits alarmed at alpha 0.05%n", alarms, splits);
        // binomial(100, 0.05): mean 5, sd 2.2; 12 is beyond 3 sd
        assertThat(alarms).isLessThanOrEqualTo(12);
    }
}
