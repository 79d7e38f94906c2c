package dev.assay.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class SampleStatsTest {
    /** Student-t quantiles and bounds from SciPy 1.17 ({@code stats.t.ppf}); tolerance for Hipparchus' inverse CDF. */
    static final double T_TOLERANCE = 1e-9;

    @Test
    void nearestRank_onOneToHundredShuffled_isTheRank() {
        List<Double> values = new ArrayList<>();
        for (int i = 1; i <= 100; i++) values.add((double) i);
        Collections.shuffle(values, new Random(7));
        double[] sorted = SampleStats.sorted(values.stream().mapToDouble(Double::doubleValue).toArray());
        assertThat(SampleStats.nearestRank(sorted, 50)).isEqualTo(50.0);
        assertThat(SampleStats.nearestRank(sorted, 90)).isEqualTo(90.0);
        assertThat(SampleStats.nearestRank(sorted, 95)).isEqualTo(95.0);
        assertThat(SampleStats.nearestRank(sorted, 99)).isEqualTo(99.0);
        assertThat(SampleStats.nearestRank(sorted, 100)).isEqualTo(100.0);
    }

    @Test
    void nearestRank_usesExactIntegerRanks() {
        double[] twenty = new double[20];
        for (int i = 0; i < 20; i++) twenty[i] = i + 1;
        // rank ceil(95 * 20 / 100) = 19 exactly
        assertThat(SampleStats.nearestRank(twenty, 95)).isEqualTo(19.0);
        double[] three = {10, 20, 30};
        assertThat(SampleStats.nearestRank(three, 50)).isEqualTo(20.0);
        assertThat(SampleStats.nearestRank(three, 90)).isEqualTo(30.0);
        assertThat(SampleStats.nearestRank(new double[] {4.5}, 99)).isEqualTo(4.5);
        double[] ties = {1, 1, 1, 1, 9};
        assertThat(SampleStats.nearestRank(ties, 50)).isEqualTo(1.0);
        assertThat(SampleStats.nearestRank(ties, 90)).isEqualTo(9.0);
    }

    @Property(tries = 300)
    void nearestRank_isTheSmallestValueWhoseEmpiricalCdfReachesP(
            @ForAll @Size(min = 1, max = 60) List<@DoubleRange(min = -1e6, max = 1e6) Double> values,
            @ForAll @IntRange(min = 1, max = 100) int percentile) {
        double[] sorted = SampleStats.sorted(values.stream().mapToDouble(Double::doubleValue).toArray());
        double expected = Double.NaN;
        for (double x : sorted) {
            long atOrBelow = values.stream().filter(v -> v <= x).count();
            if (atOrBelow * 100 >= (long) percentile * values.size()) {
                expected = x;
                break;
            }
        }
        assertThat(SampleStats.nearestRank(sorted, percentile)).isEqualTo(expected);
    }

    @Test
    void mean_andStandardDeviation_matchTheTextbook() {
        double[] v = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        double mean = SampleStats.mean(v);
        assertThat(mean).isEqualTo(5.5);
        assertThat(SampleStats.standardDeviation(v, mean)).isCloseTo(Math.sqrt(110.0 / 12.0), within(1e-12));
    }

    @Test
    void mean_staysAccurateOnALargeOffset() {
        double[] v = {1e9 + 0.1, 1e9 + 0.2, 1e9 + 0.3};
        assertThat(SampleStats.mean(v)).isCloseTo(1e9 + 0.2, within(1e-6));
    }

    @Test
    void tHalfWidth_matchesScipy() {
        // stats.t.ppf(0.95, 9) = 1.833112932656237; stats.t.ppf(0.99, 4) = 3.746947387979196
        assertThat(SampleStats.tHalfWidth(1.0, 10, 0.95)).isCloseTo(1.833112932656237 / Math.sqrt(10), within(T_TOLERANCE));
        assertThat(SampleStats.tHalfWidth(2.0, 5, 0.99)).isCloseTo(3.746947387979196 * 2 / Math.sqrt(5), within(T_TOLERANCE));
    }

    @Test
    void nonZeroRate_countsEveryNonZeroValue() {
        assertThat(SampleStats.nonZeroRate(new double[] {0, 1, 0, -2, 0.5})).isEqualTo(0.6);
        assertThat(SampleStats.nonZeroRate(new double[] {0, 0})).isZero();
    }
}
