package dev.assay.fingerprint.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.core.InvalidInputException;
import dev.assay.fingerprint.encode.EncodedResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerifierTest {
    static final Verifier.Config PROBE = Verifier.Config.DEFAULT;
    static final Verifier.Config TRAFFIC = Verifier.Config.DEFAULT.withMode(Verifier.Mode.TRAFFIC);

    @Test
    void theSameStyleIsSameAndAnotherIsDifferentInBothModes() {
        List<EncodedResponse> ref = Styles.responses(0, 0, 150, 1);
        Verifier.Result same = Verifier.verify(ref, Styles.responses(0, 0, 150, 2), PROBE);
        assertThat(same.verdict()).as(same.reason()).isEqualTo(Verifier.Verdict.SAME);
        assertThat(same.probes()).isEqualTo(150);
        Verifier.Result diff = Verifier.verify(ref, Styles.responses(1, 0, 150, 3), PROBE);
        assertThat(diff.verdict()).isEqualTo(Verifier.Verdict.DIFFERENT);
        assertThat(diff.pValue()).isEqualTo(1.0 / 1001);
        assertThat(Verifier.verify(ref, Styles.responses(0, 150, 150, 4), TRAFFIC).verdict()).isEqualTo(Verifier.Verdict.SAME);
        assertThat(Verifier.verify(ref, Styles.responses(2, 150, 150, 5), TRAFFIC).verdict()).isEqualTo(Verifier.Verdict.DIFFERENT);
    }

    @Test
    void underTheNullTheFalseAlarmRateIsAtMostAlpha() {
        // 200 tests of a style against itself at alpha 0.05: the permutation test is exact, so about 10 false alarms
        int alarms = 0;
        Verifier.Config cfg = TRAFFIC.withAlpha(0.05).withPermutations(199);
        for (int t = 0; t < 200; t++) {
            var r = Verifier.verify(Styles.responses(t % 3, 0, 20, 10L * t), Styles.responses(t % 3, 20, 20, 10L * t + 1), cfg.withSeed(t));
            if (r.verdict() == Verifier.Verdict.DIFFERENT) alarms++;
        }
        // binomial(200, 0.05): mean 10, sd 3.1; 20 is beyond 3 sd
        assertThat(alarms).isLessThanOrEqualTo(20);
    }

    @Test
    void fewResponsesAreUndecidedAndAnUnruledOutEffectIsUndecidedToo() {
        var few = Verifier.verify(Styles.responses(0, 0, 4, 1), Styles.responses(0, 0, 4, 2), PROBE);
        assertThat(few.verdict()).isEqualTo(Verifier.Verdict.UNDECIDED);
        assertThat(few.reason()).contains("too few responses");
        var small = Verifier.verify(Styles.responses(0, 0, 12, 1), Styles.responses(0, 0, 12, 2), PROBE.withTolerance(0.0));
        assertThat(small.verdict()).isIn(Verifier.Verdict.UNDECIDED, Verifier.Verdict.DIFFERENT);
    }

    @Test
    void probeModeUsesOnlyCommonPromptsAndRefusesWhenThereAreNone() {
        var r = Verifier.verify(Styles.responses(0, 0, 100, 1), Styles.responses(0, 50, 100, 2), PROBE);
        assertThat(r.probes()).isEqualTo(50);
        assertThat(r.referenceResponses()).isEqualTo(50);
        assertThatThrownBy(() -> Verifier.verify(Styles.responses(0, 0, 10, 1), Styles.responses(0, 10, 10, 2), PROBE))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("no prompt in common");
    }

    @Test
    void theResultIsReproducibleForASeed() {
        var a = Verifier.verify(Styles.responses(0, 0, 30, 1), Styles.responses(1, 0, 30, 2), TRAFFIC.withSeed(7));
        var b = Verifier.verify(Styles.responses(0, 0, 30, 1), Styles.responses(1, 0, 30, 2), TRAFFIC.withSeed(7));
        assertThat(a).isEqualTo(b);
    }

    @Test
    void badSettingsAreRefusedByName() {
        assertThatThrownBy(() -> PROBE.withAlpha(0)).hasMessageContaining("alpha must be between 0 and 1");
        assertThatThrownBy(() -> PROBE.withPermutations(50)).hasMessageContaining("no p-value can be below alpha 0.01");
        assertThatThrownBy(() -> PROBE.withTolerance(Double.NaN)).hasMessageContaining("tolerance");
    }

    @Test
    void theMmdStatisticMatchesItsDefinition() {
        // T = |mean_G phi - mean_H phi|^2 = mean K(G,G) + mean K(H,H) - 2 mean K(G,H), with K the kernel's Gram matrix
        List<EncodedResponse> g = Styles.responses(0, 0, 7, 1);
        List<EncodedResponse> h = Styles.responses(1, 0, 5, 2);
        List<EncodedResponse> all = new java.util.ArrayList<>(g);
        all.addAll(h);
        double[][] k = Kernel.TEXT.gram(all);
        double gg = 0, hh = 0, gh = 0;
        for (int i = 0; i < 12; i++) {
            for (int j = 0; j < 12; j++) {
                if (i < 7 && j < 7) gg += k[i][j];
                else if (i >= 7 && j >= 7) hh += k[i][j];
                else if (i < 7) gh += k[i][j];
            }
        }
        double expected = gg / 49 + hh / 25 - 2 * gh / 35;
        boolean[] inG = new boolean[12];
        java.util.Arrays.fill(inG, 0, 7, true);
        var r = new PermutationMmd(k).test(inG, new int[12], 99, 1);
        assertThat(r.statistic()).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(Kernel.TEXT.similarity(g.get(0), g.get(0))).isEqualTo(1.0);
    }
}
