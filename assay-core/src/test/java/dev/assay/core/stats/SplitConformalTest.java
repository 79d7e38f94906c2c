package dev.assay.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.core.InvalidInputException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SplitConformalTest {

    @Test
    void thresholdShouldBeTheCeilingRankOrderStatistic() {
        double[] scores = new double[99];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = (i * 37) % 99 + 1; // 1..99 shuffled
        }
        // ceil(100 * 0.9) = 90, which 0.9's binary representation must not push to 91.
        assertThat(SplitConformal.rank(99, 0.1)).isEqualTo(90);
        assertThat(SplitConformal.threshold(scores, 0.1)).isEqualTo(90.0);
        assertThat(SplitConformal.rank(19, 0.05)).isEqualTo(19);
        assertThat(SplitConformal.rank(10, 0.3)).isEqualTo(8); // ceil(11 * 0.7) = ceil(7.7)
    }

    @Test
    void thresholdShouldBeInfiniteWhenTooFewCalibrationScores() {
        // ceil(19 * 0.95) = 19 > 18 scores.
        assertThat(SplitConformal.threshold(new double[18], 0.05)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(SplitConformal.threshold(new double[19], 0.05)).isEqualTo(0.0);
    }

    @Test
    void coverageShouldCountScoresAtOrBelowTheThreshold() {
        assertThat(SplitConformal.coverage(new double[] {1, 2, 3, 4}, 2.0)).isEqualTo(0.5);
        assertThat(SplitConformal.coverage(new double[] {1, 2}, Double.POSITIVE_INFINITY)).isEqualTo(1.0);
    }

    @Test
    void marginalCoverageShouldEqualKOverNPlusOneForContinuousScores() {
        // For exchangeable continuous scores P(covered) = k / (n + 1) exactly, here 46/51 with n = 50, alpha = 0.1,
        // inside the guarantee [1 - alpha, 1 - alpha + 1 / (n + 1)].
        SplittableRandom rng = new SplittableRandom(41);
        int n = 50;
        int trials = 2_000;
        int testPerTrial = 50;
        double coveredSum = 0;
        for (int t = 0; t < trials; t++) {
            double[] calibration = new double[n];
            for (int i = 0; i < n; i++) {
                calibration[i] = Math.abs(rng.nextGaussian());
            }
            double[] test = new double[testPerTrial];
            for (int i = 0; i < testPerTrial; i++) {
                test[i] = Math.abs(rng.nextGaussian());
            }
            coveredSum += SplitConformal.coverage(test, SplitConformal.threshold(calibration, 0.1));
        }
        double expected = 46.0 / 51;
        double mean = coveredSum / trials;
        // Per-trial coverage varies with the threshold (Beta(k, n + 1 - k) spread, sd about 0.041) plus test noise.
        double se = Math.sqrt((0.041 * 0.041 + expected * (1 - expected) / testPerTrial) / trials);
        assertThat(mean).isBetween(expected - 4 * se, expected + 4 * se);
        assertThat(expected).isBetween(0.9, 0.9 + 1.0 / 51);
    }

    @Test
    void shouldRejectInvalidInputNamingTheProblem() {
        assertThatThrownBy(() -> SplitConformal.threshold(new double[0], 0.1))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("calibrationScores");
        assertThatThrownBy(() -> SplitConformal.threshold(new double[] {1}, 1.0))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("alpha").hasMessageContaining("1.0");
        assertThatThrownBy(() -> SplitConformal.coverage(new double[] {1}, Double.NaN))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("threshold");
    }
}
