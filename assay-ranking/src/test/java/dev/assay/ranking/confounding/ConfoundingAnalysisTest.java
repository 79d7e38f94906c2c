package dev.assay.ranking.confounding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.assay.core.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ConfoundingAnalysisTest {
    /** Low-confidence queries are mostly treated; outcome grows with confidence; the treatment adds {@code effect}. */
    static List<Unit> confounded(int n, double effect, long seed) {
        return confounded(n, effect, seed, 10);
    }

    /**
     * As above; treatment depends on the confidence decile only, but the analysis sees
     * {@code strataPerAxis} confidence strata (10: the true ones; fewer: too coarse).
     */
    static List<Unit> confounded(int n, double effect, long seed, int strata) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] conf = new double[n];
        for (int i = 0; i < n; i++) conf[i] = r.nextDouble();
        int[] decile = Strata.deciles(conf);
        List<Unit> units = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean treated = r.nextDouble() < 0.9 - 0.08 * decile[i];
            double outcome = 0.6 * conf[i] + (treated ? effect : 0) + 0.05 * r.nextGaussian();
            String stratum = Strata.key(decile[i] * strata / 10, Strata.lengthBucket(1 + r.nextInt(3)), "en");
            units.add(new Unit(stratum, treated, outcome, new double[] {conf[i], r.nextGaussian()}));
        }
        return units;
    }

    @Test
    void stratification_removesTheBiasTheNaiveComparisonHas() {
        ConfoundingReport r = ConfoundingAnalysis.run(confounded(4000, 0.05, 1), 499, 7);
        assertThat(r.naiveEffect()).as("naive difference is biased by confidence").isLessThan(0.0);
        assertThat(r.stratifiedEffect()).isCloseTo(0.05, within(0.01));
        assertThat(r.pValue()).isLessThanOrEqualTo(0.01);
        assertThat(r.negativeControls()).allSatisfy(nc -> assertThat(nc.pValue()).isGreaterThan(0.01));
        assertThat(r.essRatio()).isBetween(0.3, 1.0);
    }

    @Test
    void negativeControl_flagsStrataTooCoarseToRemoveTheConfounding() {
        ConfoundingReport r = ConfoundingAnalysis.run(confounded(4000, 0.05, 3, 2), 499, 7);
        assertThat(r.negativeControls().get(0).pValue()).as("confidence itself differs between arms within strata")
                .isLessThanOrEqualTo(0.01);
        assertThat(r.negativeControls().get(1).pValue()).as("pure noise control").isGreaterThan(0.01);
    }

    @Test
    void noEffect_givesALargePValue_andTheSameSeedTheSameAnswer() {
        List<Unit> units = confounded(2000, 0.0, 2);
        ConfoundingReport a = ConfoundingAnalysis.run(units, 499, 11);
        ConfoundingReport b = ConfoundingAnalysis.run(units, 499, 11);
        assertThat(a.pValue()).isGreaterThan(0.05);
        assertThat(a).isEqualTo(b);
    }

    @Test
    void effectiveSampleSize_matchesKishOnAHandExample() {
        List<Unit> units = List.of(new Unit("a", true, 1, null), new Unit("a", false, 0, null),
                new Unit("a", false, 0, null), new Unit("a", false, 0, null),
                new Unit("b", true, 5, null), new Unit("b", true, 5, null), // one arm only: not comparable
                new Unit("c", true, 2, null), new Unit("c", false, 1, null));
        ConfoundingReport r = ConfoundingAnalysis.run(units, 99, 1);
        // stratum a: p = 1/4, weights 4 and 4/3 x 3; stratum c: p = 1/2, weights 2 and 2
        double sumW = 4 + 4 + 2 + 2;
        double sumW2 = 16 + 3 * 16.0 / 9 + 4 + 4;
        assertThat(r.usableUnits()).isEqualTo(6);
        assertThat(r.usableStrata()).isEqualTo(2);
        assertThat(r.strata()).isEqualTo(3);
        assertThat(r.ess()).isCloseTo(sumW * sumW / sumW2, within(1e-12));
        assertThat(r.maxWeightShare()).isCloseTo(4 / sumW, within(1e-12));
        assertThat(r.stratifiedEffect()).isCloseTo((4 * 1.0 + 2 * 1.0) / 6, within(1e-12));
    }

    @Test
    void deciles_andBadInput() {
        double[] v = new double[100];
        for (int i = 0; i < 100; i++) v[i] = i;
        int[] d = Strata.deciles(v);
        assertThat(d[0]).isZero();
        assertThat(d[9]).isZero();
        assertThat(d[10]).isEqualTo(1);
        assertThat(d[99]).isEqualTo(9);
        assertThat(Strata.lengthBucket(9)).isEqualTo("len8+");
        assertThatThrownBy(() -> ConfoundingAnalysis.run(List.of(), 99, 1)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> Strata.lengthBucket(0)).isInstanceOf(InvalidInputException.class);
    }
}
