package dev.assay.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.assay.core.InvalidInputException;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class MixtureSprtTest {
    private static final double ALPHA = 0.05;
    private static final int STREAMS = 2_000;
    private static final int LOOKS = 500;

    @Test
    void shouldComputeTheMixtureLikelihoodRatioInClosedForm() {
        MixtureSprt sprt = MixtureSprt.knownVariance(1.0, 1.0);
        sprt.update(1.0);
        // n = 1, S = 1: log Lambda = 0.5 log(1/2) + 1/(2 * 2) < 0, so p stays 1.
        assertThat(sprt.logLikelihoodRatio()).isCloseTo(0.5 * Math.log(0.5) + 0.25, within(1e-15));
        assertThat(sprt.pValue()).isEqualTo(1.0);
        sprt.update(2.0);
        // n = 2, S = 3: log Lambda = 0.5 log(1/3) + 9/(2 * 3).
        double logLambda = 0.5 * Math.log(1.0 / 3) + 1.5;
        assertThat(sprt.logLikelihoodRatio()).isCloseTo(logLambda, within(1e-15));
        assertThat(sprt.pValue()).isCloseTo(Math.exp(-logLambda), within(1e-15));
        assertThat(sprt.count()).isEqualTo(2);
        assertThat(sprt.mean()).isEqualTo(1.5);
    }

    @Test
    void knownVarianceShouldKeepFalseRejectionsBelowAlphaUnderContinuousMonitoring() {
        assertThat(falseRejectionRate(() -> MixtureSprt.knownVariance(1.0, 0.5), 1))
                .isLessThanOrEqualTo(ALPHA + slack());
    }

    @Test
    void estimatedVarianceShouldKeepFalseRejectionsBelowAlphaUnderContinuousMonitoring() {
        assertThat(falseRejectionRate(() -> MixtureSprt.estimatedVariance(0.5, 20), 2))
                .isLessThanOrEqualTo(ALPHA + slack());
    }

    @Test
    void peekingAtAFixedSampleZTestShouldInflateFalseRejectionsWhichTheMixtureAvoids() {
        // The contrast that motivates always-valid p-values: the same streams, judged by a z-test at every look.
        SplittableRandom rng = new SplittableRandom(1);
        int rejected = 0;
        for (int s = 0; s < STREAMS; s++) {
            double sum = 0;
            for (int n = 1; n <= LOOKS; n++) {
                sum += rng.nextGaussian();
                if (Math.abs(sum / Math.sqrt(n)) > 1.959964) {
                    rejected++;
                    break;
                }
            }
        }
        assertThat((double) rejected / STREAMS).isGreaterThan(3 * ALPHA);
        assertThat(falseRejectionRate(() -> MixtureSprt.knownVariance(1.0, 0.5), 1)).isLessThan(ALPHA);
    }

    private static double slack() {
        return 3 * Math.sqrt(ALPHA * (1 - ALPHA) / STREAMS);
    }

    /** Share of null streams (N(0, 1), LOOKS observations each) in which the p-value ever reaches ALPHA. */
    private static double falseRejectionRate(Supplier<MixtureSprt> factory, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int rejected = 0;
        for (int s = 0; s < STREAMS; s++) {
            MixtureSprt sprt = factory.get();
            for (int n = 0; n < LOOKS; n++) {
                if (sprt.update(rng.nextGaussian()).rejects(ALPHA)) {
                    rejected++;
                    break;
                }
            }
        }
        return (double) rejected / STREAMS;
    }

    @Test
    void shouldDetectARealShiftWithinAFewHundredObservations() {
        SplittableRandom rng = new SplittableRandom(3);
        int detected = 0;
        int streams = 200;
        for (int s = 0; s < streams; s++) {
            MixtureSprt known = MixtureSprt.knownVariance(1.0, 0.25);
            MixtureSprt estimated = MixtureSprt.estimatedVariance(0.25, 20);
            boolean both = false;
            for (int n = 0; n < 200 && !both; n++) {
                double x = 0.5 + rng.nextGaussian();
                known.update(x);
                estimated.update(x);
                both = known.rejects(ALPHA) && estimated.rejects(ALPHA);
            }
            detected += both ? 1 : 0;
        }
        assertThat((double) detected / streams).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void estimatedVarianceShouldStayAtOneDuringBurnIn() {
        MixtureSprt sprt = MixtureSprt.estimatedVariance(1.0, 5);
        for (int i = 0; i < 4; i++) {
            sprt.update(100.0 + i);
        }
        assertThat(sprt.pValue()).isEqualTo(1.0);
        sprt.update(104.0);
        assertThat(sprt.pValue()).isLessThan(1e-6);
    }

    @Test
    void shouldRejectInvalidInputNamingTheProblem() {
        assertThatThrownBy(() -> MixtureSprt.knownVariance(0.0, 1.0))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("sigmaSquared").hasMessageContaining("0.0");
        assertThatThrownBy(() -> MixtureSprt.knownVariance(1.0, Double.NaN))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("tauSquared");
        assertThatThrownBy(() -> MixtureSprt.estimatedVariance(1.0, 1))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("burnIn");
        assertThatThrownBy(() -> MixtureSprt.knownVariance(1.0, 1.0).update(Double.NaN))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("observation");
        assertThatThrownBy(() -> MixtureSprt.knownVariance(1.0, 1.0).rejects(1.5))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("alpha");
    }
}
