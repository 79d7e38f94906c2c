package dev.assay.fingerprint.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.fingerprint.encode.EncodedResponse;
import dev.assay.fingerprint.signature.Signature;
import java.util.List;
import org.junit.jupiter.api.Test;

class SequentialVerifierTest {
    static Signature reference(int style, int first, int n, long seed) {
        var b = Signature.builder(Styles.ENCODER.config(), "m").sampleLimit(n);
        for (EncodedResponse r : Styles.responses(style, first, n, seed)) b.add(r);
        return b.build();
    }

    @Test
    void anotherModelIsCalledDifferentAfterFewResponses() {
        var v = new SequentialVerifier(reference(0, 0, 300, 1), SequentialVerifier.Config.DEFAULT);
        var r = v.verify(Styles.responses(1, 0, 300, 2));
        assertThat(r.verdict()).isEqualTo(Verifier.Verdict.DIFFERENT);
        // every pair is lost by a candidate of another style: (1 + 1/2)^t >= 100 after 12 pairs, with the bet warming up
        assertThat(r.pairs()).isLessThan(30);
        assertThat(r.fartherShare()).isEqualTo(1.0);
    }

    @Test
    void theSameModelIsCalledSameAndNeverDifferentInTraffic() {
        var cfg = new SequentialVerifier.Config(Verifier.Mode.TRAFFIC, 0.01, 0.1, 3);
        var r = new SequentialVerifier(reference(0, 0, 1000, 1), cfg).verify(Styles.responses(0, 5000, 1000, 2));
        assertThat(r.verdict()).as(r.reason()).isEqualTo(Verifier.Verdict.SAME);
        assertThat(r.fartherShare()).isBetween(0.4, 0.6);
    }

    @Test
    void theFalseAlarmRateIsAtMostAlphaWhereverTheStreamStops() {
        // 200 streams of the same model at alpha 0.1: Ville's inequality bounds the chance of ever saying DIFFERENT by 0.1
        int alarms = 0;
        for (int t = 0; t < 200; t++) {
            var cfg = new SequentialVerifier.Config(Verifier.Mode.TRAFFIC, 0.1, 0.1, t);
            var r = new SequentialVerifier(reference(t % 3, 0, 120, 7L * t), cfg).verify(Styles.responses(t % 3, 1000, 100, 7L * t + 1));
            if (r.verdict() == Verifier.Verdict.DIFFERENT) alarms++;
        }
        // binomial(200, 0.1): mean 20, sd 4.2; the bound is an upper bound, so the count is usually well below
        assertThat(alarms).isLessThanOrEqualTo(32);
    }

    @Test
    void aShiftThatMovesEveryAnswerAlikeIsDifferent() {
        // vector outputs: the candidate is the reference's vector for the same prompt plus a fixed offset
        java.util.Random rng = new java.util.Random(5);
        float[] offset = new float[32];
        for (int j = 0; j < offset.length; j++) offset[j] = (float) (0.35 * rng.nextGaussian());
        var enc = Styles.ENCODER;
        var ref = Signature.builder(enc.config(), "m").sampleLimit(600);
        List<EncodedResponse> cand = new java.util.ArrayList<>();
        for (int i = 0; i < 600; i++) {
            float[] v = new float[32];
            float[] w = new float[32];
            for (int j = 0; j < v.length; j++) {
                v[j] = (float) rng.nextGaussian();
                w[j] = v[j] + offset[j];
            }
            ref.add(enc.encode(new dev.assay.fingerprint.response.Response("m", "p" + i, null, "", List.of(), v)));
            cand.add(enc.encode(new dev.assay.fingerprint.response.Response("m", "p" + i, null, "", List.of(), w)));
        }
        var r = new SequentialVerifier(ref.build(), SequentialVerifier.Config.DEFAULT).verify(cand);
        assertThat(r.verdict()).as(r.reason()).isEqualTo(Verifier.Verdict.DIFFERENT);
        assertThat(r.pairs()).isLessThan(100);
    }

    @Test
    void probeModePairsByPromptAndRunningOutIsUndecided() {
        var v = new SequentialVerifier(reference(0, 0, 50, 1), SequentialVerifier.Config.DEFAULT);
        var none = v.verify(Styles.responses(0, 100, 20, 2));
        assertThat(none.verdict()).isEqualTo(Verifier.Verdict.UNDECIDED);
        assertThat(none.pairs()).isZero();
        var few = v.verify(Styles.responses(0, 0, 5, 2));
        assertThat(few.verdict()).isEqualTo(Verifier.Verdict.UNDECIDED);
        assertThat(few.pairs()).isEqualTo(5);
        assertThatThrownBy(() -> new SequentialVerifier.Config(Verifier.Mode.PROBE, 0.01, 0.6, 1)).hasMessageContaining("margin");
        assertThat(v.verify(List.of()).verdict()).isEqualTo(Verifier.Verdict.UNDECIDED);
    }
}
