package dev.assay.ranking.gating;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The analysis {@code rank gate} prints and the sustainment cycle records. */
class GateAnalysisTest {
    private static RoutingData data(double[] confidence, double[] gain) {
        double[] cost = new double[gain.length];
        java.util.Arrays.fill(cost, 40);
        List<String> topics = java.util.stream.IntStream.range(0, gain.length).mapToObj(i -> "t" + i).toList();
        return new RoutingData(topics, confidence, gain, cost, new double[gain.length]);
    }

    @Test
    void solvesUnderTheBudgetAndReportsRocAndBand() {
        RoutingData d = data(new double[] {0.1, 0.2, 0.3, 0.4}, new double[] {0.5, -0.1, 0.3, 0.2});
        GateAnalysis a = GateAnalysis.of(d, 20, 0.25);
        assertThat(a.topics()).isEqualTo(4);
        assertThat(a.solution().meanCost()).isLessThanOrEqualTo(20.0);
        assertThat(a.solution().meanGain()).isCloseTo(a.solution().exactGain(), within(1e-12));
        assertThat(a.alwaysGain()).isCloseTo(0.225, within(1e-12));
        assertThat(a.helped()).isEqualTo(3);
        assertThat(a.roc()).isPresent();
        assertThat(a.band()).isPresent();
    }

    @Test
    void withoutBothOutcomes_orAFiniteThreshold_thereIsNoRocAndNoBand() {
        GateAnalysis a = GateAnalysis.of(data(new double[] {0.1, 0.2}, new double[] {-0.1, -0.2}), 40, 0.1);
        assertThat(a.helped()).isZero();
        assertThat(a.roc()).isEmpty();
        assertThat(a.solution().theta()).isInfinite(); // upshifting only hurts: nothing is upshifted
        assertThat(a.band()).isEmpty();
    }
}
