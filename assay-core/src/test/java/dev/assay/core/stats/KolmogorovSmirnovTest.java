package dev.assay.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.assay.core.InvalidInputException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KolmogorovSmirnovTest {

    @Test
    void statisticShouldEqualHipparchusOnSamplesWithoutTies() {
        SplittableRandom rng = new SplittableRandom(31);
        org.hipparchus.stat.inference.KolmogorovSmirnovTest hipparchus = new org.hipparchus.stat.inference.KolmogorovSmirnovTest(1L);
        for (int trial = 0; trial < 20; trial++) {
            double[] x = new double[5 + rng.nextInt(200)];
            double[] y = new double[5 + rng.nextInt(200)];
            for (int i = 0; i < x.length; i++) {
                x[i] = rng.nextGaussian();
            }
            for (int i = 0; i < y.length; i++) {
                y[i] = 0.3 + 1.2 * rng.nextGaussian();
            }
            assertThat(KolmogorovSmirnov.test(x, y, Tail.TWO_SIDED).statistic())
                    .isCloseTo(hipparchus.kolmogorovSmirnovStatistic(x, y), within(1e-12));
        }
    }

    @Test
    void exactPValueShouldEqualCompleteEnumerationOfRankAssignments() {
        double[] x = {0.2, 1.7, 2.5};
        double[] y = {0.9, 1.1, 3.3, 4.0};
        double observed = dOf(new boolean[] {true, false, false, true, true, false, false});
        // Every way of choosing which 3 of the 7 ordered positions belong to x is equally likely under H0.
        int atLeast = 0;
        int total = 0;
        for (int mask = 0; mask < 128; mask++) {
            if (Integer.bitCount(mask) != 3) {
                continue;
            }
            boolean[] isX = new boolean[7];
            for (int k = 0; k < 7; k++) {
                isX[k] = (mask >>> k & 1) == 1;
            }
            total++;
            if (dOf(isX) >= observed - 1e-12) {
                atLeast++;
            }
        }
        TestResult r = KolmogorovSmirnov.test(x, y, Tail.TWO_SIDED);
        assertThat(r.statistic()).isCloseTo(observed, within(1e-15));
        assertThat(r.pValue()).isCloseTo((double) atLeast / total, within(1e-12));
        assertThat(r.method()).isEqualTo("Exact two-sample Kolmogorov-Smirnov test");
    }

    /** max |F_x - F_y| along a sequence of sorted pooled positions labelled x (true) or y (false), 3 x's and 4 y's. */
    private static double dOf(boolean[] isX) {
        double fx = 0;
        double fy = 0;
        double d = 0;
        for (boolean b : isX) {
            if (b) {
                fx += 1.0 / 3;
            } else {
                fy += 1.0 / 4;
            }
            d = Math.max(d, Math.abs(fx - fy));
        }
        return d;
    }

    @Test
    void identicalSamplesShouldGiveZeroDistanceAndPValueOne() {
        double[] x = {1, 2, 3, 4};
        TestResult r = KolmogorovSmirnov.test(x, x.clone(), Tail.TWO_SIDED);
        assertThat(r.statistic()).isZero();
        assertThat(r.pValue()).isEqualTo(1.0);
        double[] big = new double[200];
        for (int i = 0; i < big.length; i++) {
            big[i] = i;
        }
        TestResult asymptotic = KolmogorovSmirnov.test(big, big.clone(), Tail.TWO_SIDED);
        assertThat(asymptotic.method()).startsWith("Asymptotic");
        assertThat(asymptotic.pValue()).isEqualTo(1.0);
    }

    @Test
    void kolmogorovDistributionShouldMatchKnownQuantiles() {
        // Classical critical values: P(K <= 1.3581) = 0.95, P(K <= 1.6276) = 0.99, P(K <= 0.8276) = 0.5.
        assertThat(KolmogorovSmirnov.kolmogorovCdf(1.3581, 1e-10)).isCloseTo(0.95, within(1e-4));
        assertThat(KolmogorovSmirnov.kolmogorovCdf(1.6276, 1e-10)).isCloseTo(0.99, within(1e-4));
        assertThat(KolmogorovSmirnov.kolmogorovCdf(0.8276, 1e-10)).isCloseTo(0.5, within(1e-4));
    }

    @Test
    void shouldRejectInvalidInputNamingTheProblem() {
        assertThatThrownBy(() -> KolmogorovSmirnov.test(new double[] {1}, new double[0], Tail.TWO_SIDED))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("y must hold at least 1");
        assertThatThrownBy(() -> KolmogorovSmirnov.test(new double[] {Double.NaN}, new double[] {1}, Tail.TWO_SIDED))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("x[0]");
    }
}
