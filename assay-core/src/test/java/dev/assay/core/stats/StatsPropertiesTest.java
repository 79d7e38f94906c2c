package dev.assay.core.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.UniqueElements;

/** Invariants of the statistics package over generated inputs (jqwik, fixed seed for reproducible runs). */
class StatsPropertiesTest {

    @Property(tries = 100, seed = "20240611")
    void bootstrapShouldBeReproducibleForTheSameSeed(
            @ForAll @Size(min = 2, max = 200) double[] deltas, @ForAll long seed) {
        double[] d = bounded(deltas);
        PairedBootstrap a = PairedBootstrap.ofDeltas(d, 200, seed);
        PairedBootstrap b = PairedBootstrap.ofDeltas(d, 200, seed);
        for (Interval interval : Interval.values()) {
            assertThat(b.twoSided(interval, 0.1)).isEqualTo(a.twoSided(interval, 0.1));
        }
    }

    @Property(tries = 200, seed = "20240611")
    void lowerBoundShouldNotExceedTheMeanNorUpperBoundFallBelowIt(
            @ForAll @Size(min = 5, max = 100) double[] deltas,
            @ForAll @DoubleRange(min = 0.001, max = 0.3) @net.jqwik.api.constraints.Scale(4) double alpha,
            @ForAll long seed) {
        double[] d = bounded(deltas);
        PairedBootstrap boot = PairedBootstrap.ofDeltas(d, 500, seed);
        double slack = 1e-9 * (1 + Math.abs(boot.mean()));
        for (Interval interval : Interval.values()) {
            ConfidenceBound lower = boot.lowerBound(interval, alpha);
            ConfidenceBound upper = boot.upperBound(interval, alpha);
            ConfidenceBound both = boot.twoSided(interval, alpha);
            assertThat(lower.lower()).as("%s LCB", interval).isLessThanOrEqualTo(boot.mean() + slack);
            assertThat(upper.upper()).as("%s UCB", interval).isGreaterThanOrEqualTo(boot.mean() - slack);
            assertThat(both.lower()).isLessThanOrEqualTo(both.upper());
            assertThat(both.lower()).isLessThanOrEqualTo(lower.lower() + slack);
            assertThat(both.upper()).isGreaterThanOrEqualTo(upper.upper() - slack);
        }
    }

    @Property(tries = 200, seed = "20240611")
    void holmAdjustedPValuesShouldBeMonotoneAndNoSmallerThanRaw(
            @ForAll @Size(min = 1, max = 50) double[] raw) {
        double[] p = new double[raw.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = Double.isFinite(raw[i]) ? Math.abs(raw[i]) % 1.0 : 0.5;
        }
        double[] adjusted = Holm.adjust(p);
        for (int i = 0; i < p.length; i++) {
            assertThat(adjusted[i]).isBetween(p[i], 1.0);
            for (int j = 0; j < p.length; j++) {
                if (p[i] <= p[j]) {
                    assertThat(adjusted[i]).isLessThanOrEqualTo(adjusted[j]);
                }
            }
        }
        assertThat(Holm.reject(p, 0.05)).isEqualTo(stepDown(p, 0.05));
    }

    /** Holm's procedure as written in the paper: reject sorted p_(i) while p_(i) <= alpha / (m - i + 1). */
    private static boolean[] stepDown(double[] p, double alpha) {
        Integer[] order = new Integer[p.length];
        for (int i = 0; i < p.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(p[a], p[b]));
        boolean[] rejected = new boolean[p.length];
        for (int i = 0; i < p.length; i++) {
            if (p[order[i]] > alpha / (p.length - i)) {
                break;
            }
            rejected[order[i]] = true;
        }
        return rejected;
    }

    @Property(tries = 100, seed = "20240611")
    void exactRankSumTwoSidedPShouldBeTwiceTheSmallerOneSidedP(
            @ForAll @Size(min = 1, max = 12) @UniqueElements double[] pooled,
            @ForAll @DoubleRange(min = 0.1, max = 0.9) double split) {
        if (pooled.length < 2 || Arrays.stream(pooled).anyMatch(v -> !Double.isFinite(v))) {
            return;
        }
        int m = Math.max(1, Math.min(pooled.length - 1, (int) Math.round(split * pooled.length)));
        double[] x = Arrays.copyOfRange(pooled, 0, m);
        double[] y = Arrays.copyOfRange(pooled, m, pooled.length);
        TestResult two = MannWhitney.test(x, y, Tail.TWO_SIDED);
        double less = MannWhitney.test(x, y, Tail.LOWER).pValue();
        double greater = MannWhitney.test(x, y, Tail.UPPER).pValue();
        assertThat(two.method()).isEqualTo("Wilcoxon rank sum exact test");
        assertThat(two.statistic()).isBetween(0.0, (double) m * y.length);
        assertThat(two.pValue()).isCloseTo(Math.min(1.0, 2 * Math.min(less, greater)), org.assertj.core.api.Assertions.within(1e-12));
        assertThat(less + greater).isGreaterThanOrEqualTo(1.0 - 1e-12); // P(U <= W) + P(U >= W) = 1 + P(U = W)
    }

    @Property(tries = 100, seed = "20240611")
    void mixtureSprtPValueShouldNeverIncrease(@ForAll @Size(min = 1, max = 300) double[] stream) {
        MixtureSprt known = MixtureSprt.knownVariance(1.0, 1.0);
        MixtureSprt estimated = MixtureSprt.estimatedVariance(1.0, 3);
        double lastKnown = 1.0;
        double lastEstimated = 1.0;
        for (double x : bounded(stream)) {
            known.update(x);
            estimated.update(x);
            assertThat(known.pValue()).isBetween(0.0, lastKnown);
            assertThat(estimated.pValue()).isBetween(0.0, lastEstimated);
            lastKnown = known.pValue();
            lastEstimated = estimated.pValue();
        }
    }

    @Property(tries = 100, seed = "20240611")
    void eceShouldLieBetweenZeroAndMceForBothBinnings(
            @ForAll @Size(min = 1, max = 300) double[] raw, @ForAll @Size(min = 300, max = 300) boolean[] correct,
            @ForAll @net.jqwik.api.constraints.IntRange(min = 1, max = 25) int bins) {
        double[] confidence = new double[raw.length];
        for (int i = 0; i < raw.length; i++) {
            confidence[i] = Double.isFinite(raw[i]) ? Math.abs(raw[i]) % 1.0 : 1.0;
        }
        boolean[] c = Arrays.copyOf(correct, raw.length);
        for (Binning binning : Binning.values()) {
            CalibrationError e = Calibration.error(confidence, c, binning, bins);
            assertThat(e.bins()).hasSize(bins);
            assertThat(e.bins().stream().mapToInt(CalibrationError.Bin::count).sum()).isEqualTo(raw.length);
            assertThat(e.ece()).isBetween(0.0, e.mce() + 1e-12);
        }
    }

    /** Maps arbitrary generated doubles (including infinities and extremes) into [-1000, 1000]. */
    private static double[] bounded(double[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            out[i] = Double.isFinite(v) ? Math.max(-1000.0, Math.min(1000.0, v)) : 0.0;
        }
        return out;
    }
}
