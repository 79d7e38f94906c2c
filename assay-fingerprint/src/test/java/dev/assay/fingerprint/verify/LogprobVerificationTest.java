package dev.assay.fingerprint.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.fingerprint.encode.EncodedResponse;
import dev.assay.fingerprint.encode.EncoderConfig;
import dev.assay.fingerprint.encode.ResponseEncoder;
import dev.assay.fingerprint.response.Response;
import dev.assay.fingerprint.response.TokenLogprob;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Two deployments that write the same words, both greedy, each call with a little run-to-run noise: one model, and
 * the same model whose confidence changed (its logits scaled, as a changed temperature, calibration or lower
 * precision that flattens its distributions does, plus a fixed error per probe, position and token). Only the
 * log-probabilities can tell them apart.
 */
class LogprobVerificationTest {
    static final ResponseEncoder ENCODER = new ResponseEncoder(new EncoderConfig(2048, "lp-verify", 3, 1 << 20));
    static final int POSITIONS = 40;
    static final int VOCABULARY = 8;
    static final int TOP = 5;

    /**
     * The responses of a deployment to probes p0..p{n-1}: its logits are the model's times {@code scale} plus a fixed
     * error of sd {@code precisionError}.
     */
    static List<EncodedResponse> deployment(int probes, double scale, double precisionError, long deploymentSeed, long callSeed) {
        List<EncodedResponse> out = new ArrayList<>();
        SplittableRandom calls = new SplittableRandom(callSeed);
        for (int p = 0; p < probes; p++) {
            SplittableRandom model = new SplittableRandom(1000L + p);
            SplittableRandom error = new SplittableRandom(deploymentSeed * 7919 + p);
            StringBuilder text = new StringBuilder();
            List<TokenLogprob> tokens = new ArrayList<>();
            for (int i = 0; i < POSITIONS; i++) {
                double[] z = new double[VOCABULARY];
                for (int v = 0; v < VOCABULARY; v++) z[v] = model.nextGaussian() * 2.0 + (v == 0 ? 3.0 : 0);
                for (int v = 0; v < VOCABULARY; v++) z[v] = scale * z[v] + precisionError * error.nextGaussian() + 0.02 * calls.nextGaussian();
                double max = Double.NEGATIVE_INFINITY;
                for (double x : z) max = Math.max(max, x);
                double sum = 0;
                for (double x : z) sum += Math.exp(x - max);
                double logZ = max + Math.log(sum);
                int chosen = 0; // the same words in both deployments
                List<TokenLogprob.Alternative> top = new ArrayList<>();
                Integer[] order = {0, 1, 2, 3, 4, 5, 6, 7};
                java.util.Arrays.sort(order, (a, b) -> Double.compare(z[b], z[a]));
                for (int k = 0; k < TOP; k++) top.add(new TokenLogprob.Alternative("w" + p + "." + i + "." + order[k], z[order[k]] - logZ));
                String word = "w" + p + "." + i + "." + chosen;
                tokens.add(new TokenLogprob(word, z[chosen] - logZ, top));
                text.append(word).append(' ');
            }
            out.add(ENCODER.encode(new Response("m", "p" + p, "probe " + p, text.toString(), List.of(), null, tokens)));
        }
        return out;
    }

    @Test
    void aDeploymentThatWritesTheSameWordsLessConfidentlyIsToldApartByItsLogprobsAndTheSameIsSame() {
        List<EncodedResponse> reference = deployment(60, 1, 0, 0, 1);
        List<EncodedResponse> again = deployment(60, 1, 0, 0, 2);
        List<EncodedResponse> quantized = deployment(60, 0.8, 0.2, 5, 3);
        for (int i = 0; i < reference.size(); i++) {
            assertThat(quantized.get(i).text()).isEqualTo(reference.get(i).text());
            assertThat(quantized.get(i).structure()).isEqualTo(reference.get(i).structure());
        }
        Verifier.Config probe = Verifier.Config.DEFAULT;
        Verifier.Result swap = Verifier.verify(reference, quantized, probe);
        assertThat(swap.verdict()).as(swap.reason()).isEqualTo(Verifier.Verdict.DIFFERENT);
        Verifier.Result same = Verifier.verify(reference, again, probe);
        assertThat(same.verdict()).as(same.reason()).isEqualTo(Verifier.Verdict.SAME);
        // without the log-probability component the two are indistinguishable
        Verifier.Result blind = Verifier.verify(reference, quantized, probe.withKernel(new Kernel(1, 1, 1, 0)));
        assertThat(blind.verdict()).isNotEqualTo(Verifier.Verdict.DIFFERENT);
        assertThat(Kernel.LOGPROB.similarity(reference.get(0), again.get(0)))
                .isGreaterThan(Kernel.LOGPROB.similarity(reference.get(0), quantized.get(0)));
    }
}
