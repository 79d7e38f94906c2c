package dev.assay.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.assay.core.InvalidInputException;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

class RandomizationTest {

    @Test
    void exactSignFlipShouldCountSignPatternsByHand() {
        // Sums of +-1 +-2 +-3: 6, 4, 2, 0, 0, -2, -4, -6; observed 6.
        double[] d = {1, 2, 3};
        assertThat(Randomization.signFlipExact(d, Tail.UPPER).pValue()).isEqualTo(1.0 / 8);
        assertThat(Randomization.signFlipExact(d, Tail.TWO_SIDED).pValue()).isEqualTo(2.0 / 8);
        assertThat(Randomization.signFlipExact(d, Tail.LOWER).pValue()).isEqualTo(1.0);
        assertThat(Randomization.signFlipExact(d, Tail.UPPER).statistic()).isEqualTo(2.0);
        // Sums of +-1 +-1: 2, 0, 0, -2; observed 2 ties with nothing else.
        assertThat(Randomization.signFlipExact(new double[] {1, 1}, Tail.UPPER).pValue()).isEqualTo(0.25);
        // Rounding must not break ties: of the 16 patterns of {0.1, 0.2, 0.3, -0.3}, six sum to at least 0.3
        // (0.9, 0.7, 0.5 and three that equal 0.3 exactly but round to 0.29999999999999993 ... 0.3000000000000001).
        assertThat(Randomization.signFlipExact(new double[] {0.1, 0.2, 0.3, -0.3}, Tail.UPPER).pValue()).isEqualTo(6.0 / 16);
    }

    @Test
    void monteCarloSignFlipShouldAgreeWithCompleteEnumeration() {
        SplittableRandom rng = new SplittableRandom(21);
        double[] d = new double[14];
        for (int i = 0; i < d.length; i++) {
            d[i] = 0.4 + rng.nextGaussian();
        }
        int resamples = 40_000;
        for (Tail tail : Tail.values()) {
            double exact = Randomization.signFlipExact(d, tail).pValue();
            double monteCarlo = Randomization.signFlip(d, tail, resamples, 99).pValue();
            double se = Math.sqrt(exact * (1 - exact) / resamples);
            assertThat(monteCarlo).as(tail.name()).isCloseTo(exact, within(4 * se + 2.0 / resamples));
        }
    }

    @Test
    void signFlipPValueShouldBeOnePlusCountOverOnePlusResamples() {
        double[] d = new double[40];
        Arrays.fill(d, 1.0);
        d[0] = 2.0;
        // No re-signing of 40 positive deltas reaches the observed sum unless all signs stay: c = 0 almost surely.
        TestResult r = Randomization.signFlip(d, Tail.UPPER, 999, 3);
        assertThat(r.pValue()).isEqualTo(1.0 / 1000);
        assertThat(r.method()).contains("B = 999");
    }

    @Test
    void permutationTestShouldAgreeWithCompleteEnumeration() {
        double[] a = {2.1, 3.4, 1.9, 5.0, 4.2};
        double[] b = {1.0, 2.2, 0.5, 1.7};
        int resamples = 40_000;
        for (Tail tail : Tail.values()) {
            double exact = exactPermutationP(a, b, tail);
            double monteCarlo = Randomization.permutation(a, b, tail, resamples, 17).pValue();
            double se = Math.sqrt(exact * (1 - exact) / resamples);
            assertThat(monteCarlo).as(tail.name()).isCloseTo(exact, within(4 * se + 2.0 / resamples));
        }
        assertThat(Randomization.permutation(a, b, Tail.UPPER, 100, 1).statistic())
                .isCloseTo(3.32 - 1.35, within(1e-12));
    }

    /** Brute force over all C(n, |a|) relabellings. */
    private static double exactPermutationP(double[] a, double[] b, Tail tail) {
        int n = a.length + b.length;
        double[] pooled = new double[n];
        System.arraycopy(a, 0, pooled, 0, a.length);
        System.arraycopy(b, 0, pooled, a.length, b.length);
        double observed = mean(a) - mean(b);
        int count = 0;
        int total = 0;
        for (int mask = 0; mask < (1 << n); mask++) {
            if (Integer.bitCount(mask) != a.length) {
                continue;
            }
            double sa = 0;
            double sb = 0;
            for (int i = 0; i < n; i++) {
                if ((mask >>> i & 1) == 1) {
                    sa += pooled[i];
                } else {
                    sb += pooled[i];
                }
            }
            double t = sa / a.length - sb / b.length;
            boolean extreme = switch (tail) {
                case UPPER -> t >= observed - 1e-12;
                case LOWER -> t <= observed + 1e-12;
                case TWO_SIDED -> Math.abs(t) >= Math.abs(observed) - 1e-12;
            };
            count += extreme ? 1 : 0;
            total++;
        }
        return (double) count / total;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    @Test
    void signFlipShouldRejectTrueNullsAtMostAtRateAlpha() {
        SplittableRandom rng = new SplittableRandom(5);
        int trials = 300;
        int rejections = 0;
        for (int t = 0; t < trials; t++) {
            double[] d = new double[30];
            for (int i = 0; i < d.length; i++) {
                d[i] = rng.nextGaussian();
            }
            if (Randomization.signFlip(d, Tail.TWO_SIDED, 199, t).rejects(0.05)) {
                rejections++;
            }
        }
        assertThat((double) rejections / trials).isLessThanOrEqualTo(0.05 + 3 * Math.sqrt(0.05 * 0.95 / trials));
    }

    @Test
    void shouldDetectARealShift() {
        SplittableRandom rng = new SplittableRandom(6);
        double[] d = new double[50];
        double[] a = new double[50];
        double[] b = new double[50];
        for (int i = 0; i < d.length; i++) {
            d[i] = 0.8 + rng.nextGaussian();
            a[i] = 0.8 + rng.nextGaussian();
            b[i] = rng.nextGaussian();
        }
        assertThat(Randomization.signFlip(d, Tail.UPPER, 2_000, 1).pValue()).isLessThan(0.01);
        assertThat(Randomization.permutation(a, b, Tail.UPPER, 2_000, 1).pValue()).isLessThan(0.01);
        assertThat(Randomization.permutation(b, a, Tail.LOWER, 2_000, 1).pValue()).isLessThan(0.01);
    }

    @Test
    void shouldNotDependOnTheNumberOfThreads() throws Exception {
        double[] a = {0.3, -0.2, 1.4, 0.8, 0.1, -0.5, 0.9, 1.1, 0.0, 0.7};
        double[] b = {0.1, 0.2, -0.4, 0.3, -0.9};
        ForkJoinPool one = new ForkJoinPool(1);
        try {
            double[] single = one.submit(() -> new double[] {
                Randomization.signFlip(a, Tail.TWO_SIDED, 3_001, 8).pValue(),
                Randomization.permutation(a, b, Tail.TWO_SIDED, 3_001, 8).pValue()}).get();
            assertThat(Randomization.signFlip(a, Tail.TWO_SIDED, 3_001, 8).pValue()).isEqualTo(single[0]);
            assertThat(Randomization.permutation(a, b, Tail.TWO_SIDED, 3_001, 8).pValue()).isEqualTo(single[1]);
        } finally {
            one.shutdown();
        }
    }

    @Test
    void shouldRejectInvalidInputNamingTheProblem() {
        assertThatThrownBy(() -> Randomization.signFlip(new double[0], Tail.UPPER, 100, 1))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("deltas");
        assertThatThrownBy(() -> Randomization.signFlip(new double[] {1, Double.POSITIVE_INFINITY}, Tail.UPPER, 100, 1))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("deltas[1]").hasMessageContaining("Infinity");
        assertThatThrownBy(() -> Randomization.signFlipExact(new double[21], Tail.UPPER))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("21");
        assertThatThrownBy(() -> Randomization.permutation(new double[] {1}, new double[0], Tail.UPPER, 100, 1))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("second");
        assertThatThrownBy(() -> Randomization.permutation(new double[] {1}, new double[] {2}, null, 100, 1))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("tail");
        assertThatThrownBy(() -> Randomization.signFlip(new double[] {1}, Tail.UPPER, 0, 1))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("resamples");
    }
}
