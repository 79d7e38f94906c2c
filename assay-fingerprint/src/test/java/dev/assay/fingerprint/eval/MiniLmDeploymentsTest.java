package dev.assay.fingerprint.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.fingerprint.encode.EncodedResponse;
import dev.assay.fingerprint.encode.EncoderConfig;
import dev.assay.fingerprint.encode.ResponseEncoder;
import dev.assay.fingerprint.response.Response;
import dev.assay.fingerprint.response.ResponseLog;
import dev.assay.fingerprint.verify.Verifier;
import dev.assay.models.embed.EmbeddingModel;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two real "deployments" of one embedding model: all-MiniLM-L6-v2 in full precision and its INT8-quantized build,
 * both run in process by ONNX Runtime, embedding the AgentDojo prompts and responses. Their vector outputs are
 * encoded by sign random projection; verification must accept the same deployment and tell the quantized swap
 * apart.
 */
class MiniLmDeploymentsTest {
    static List<String> ids = new ArrayList<>();
    static List<float[]> quantized;
    static List<float[]> quantizedAgain;
    static List<float[]> full;

    @BeforeAll
    static void embed() throws Exception {
        Path log = dev.assay.core.testing.TestEnvironment.sharedData().resolve("fingerprint/agentdojo-responses/command-r.jsonl");
        List<String> texts = new ArrayList<>();
        for (Response r : ResponseLog.readAll(log, ResponseLog.Options.STRICT)) {
            ids.add(r.probeId());
            texts.add(r.prompt() + "\n" + r.text());
        }
        quantized = EmbeddingModel.miniLmL6V2Quantized().embedAll(texts);
        quantizedAgain = EmbeddingModel.miniLmL6V2Quantized().embedAll(texts);
        var fp = new AllMiniLmL6V2EmbeddingModel(Runnable::run);
        full = new ArrayList<>();
        for (var e : fp.embedAll(texts.stream().map(TextSegment::from).toList()).content()) full.add(e.vector());
    }

    static List<EncodedResponse> encode(List<float[]> vectors) {
        ResponseEncoder enc = new ResponseEncoder(EncoderConfig.DEFAULT);
        List<EncodedResponse> out = new ArrayList<>();
        for (int i = 0; i < vectors.size(); i++) out.add(enc.encode(new Response("m", ids.get(i), null, "", List.of(), vectors.get(i))));
        return out;
    }

    @Test
    void theQuantizedSwapIsToldApartAndTheSameDeploymentIsAccepted() {
        Verifier.Config probe = new Verifier.Config(Verifier.Mode.PROBE, 0.01, 1000, 1, 0.05, 5, 200, new dev.assay.fingerprint.verify.Kernel(0, 0, 1));
        var same = Verifier.verify(encode(quantized), encode(quantizedAgain), probe);
        var swap = Verifier.verify(encode(quantized), encode(full), probe);
        System.out.printf("MiniLM deployments (194 AgentDojo texts, probe mode): same %s p=%.4f effect=%.5f; quantized vs full %s p=%.4f effect=%.5f%n",
                same.verdict(), same.pValue(), same.effect(), swap.verdict(), swap.pValue(), swap.effect());
        assertThat(same.verdict()).as(same.reason()).isEqualTo(Verifier.Verdict.SAME);
        var sig = dev.assay.fingerprint.signature.Signature.builder(EncoderConfig.DEFAULT, "minilm-int8").sampleLimit(ids.size());
        for (EncodedResponse e : encode(quantized)) sig.add(e);
        var seq = new dev.assay.fingerprint.verify.SequentialVerifier(sig.build(), dev.assay.fingerprint.verify.SequentialVerifier.Config.DEFAULT)
                .verify(encode(full));
        // Reported, not asserted: the sequential test's pair statistic (which of the two is farther from the others' mean)
        // is blind to a small shift that moves every vector alike; BENCHMARKS.md records what it answers here.
        System.out.printf("sequential, quantized vs full: %s after %d pairs (%s)%n", seq.verdict(), seq.pairs(), seq.reason());
        assertThat(swap.verdict()).as(swap.reason()).isEqualTo(Verifier.Verdict.DIFFERENT);
    }
}
