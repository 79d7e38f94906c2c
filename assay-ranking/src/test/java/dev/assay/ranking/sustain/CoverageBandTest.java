package dev.assay.ranking.sustain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.assay.core.InvalidInputException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The Beta-based rule for when a calibration set is large enough for the coverage band to mean something. */
class CoverageBandTest {
    private static final CoverageBand BAND = CoverageBand.of(0.95);

    @Test
    void probabilityWithin_matchesTheBetaLawComputedIndependently() {
        // scipy.stats.beta(k, n + 1 - k).cdf(0.97) - .cdf(0.93), k = ceil((n + 1) * 0.95)
        assertThat(BAND.probabilityWithin(19)).isCloseTo(0.30874296804030654, within(1e-9));
        assertThat(BAND.probabilityWithin(100)).isCloseTo(0.654690562441242, within(1e-9));
        assertThat(BAND.probabilityWithin(300)).isCloseTo(0.8963678152218657, within(1e-9));
        assertThat(BAND.probabilityWithin(1000)).isCloseTo(0.9955977188894255, within(1e-9));
    }

    @Test
    void probabilityMeasuredWithin_matchesTheBetaBinomialComputedIndependently() {
        // scipy.stats.betabinom(m, k, n + 1 - k), summed over x with x / m in [0.93, 0.97]
        assertThat(BAND.probabilityMeasuredWithin(1000, 100)).isCloseTo(0.7318175371789094, within(1e-9));
        assertThat(BAND.probabilityMeasuredWithin(100000, 30)).isCloseTo(0.5974703784888649, within(1e-9));
        assertThat(BAND.probabilityMeasuredWithin(5000, 5000)).isCloseTo(0.9999897228523023, within(1e-9));
    }

    @Test
    void fewerThanOneOverAlphaMinusOnePointsGiveAnInfiniteIntervalAndProbabilityZero() {
        assertThat(BAND.rank(18)).isGreaterThan(18);
        assertThat(BAND.probabilityWithin(18)).isZero();
        assertThat(BAND.probabilityMeasuredWithin(18, 1000)).isZero();
        assertThat(BAND.rank(19)).isEqualTo(19);
        assertThat(BAND.probabilityWithin(19)).isPositive();
    }

    @Test
    void minimumCalibration_isTheFirstSizeFromWhichEverySizeMeetsTheTarget() {
        assertThat(BAND.minimumCalibration()).isEqualTo(305);
        assertThat(BAND.enough(304)).isFalse();
        for (int n = 305; n <= 3000; n++) assertThat(BAND.enough(n)).as("n = %d", n).isTrue();
        // a wider nominal miscoverage needs more points for the same band width (scipy: 602 at 0.90 +- 0.02)
        assertThat(CoverageBand.of(0.90).minimumCalibration()).isEqualTo(602);
    }

    @Test
    void probabilityWithin_growsWithNAtTheSizesWhereTheBetaIsCentredOnTheNominal() {
        // (n + 1) * 0.95 is an integer at n = 19, 39, 59, ...: the lower envelope of the sawtooth
        double last = -1;
        for (int n = 19; n <= 2000; n += 20) {
            double p = BAND.probabilityWithin(n);
            assertThat(p).as("n = %d", n).isGreaterThan(last);
            last = p;
        }
    }

    @Property(tries = 200)
    void probabilitiesAreProbabilitiesAndTheRankIsTheConformalOne(@ForAll @IntRange(min = 1, max = 5000) int n,
                                                                @ForAll @IntRange(min = 1, max = 500) int m,
                                                                @ForAll @DoubleRange(min = 0.8, max = 0.97) double nominal) {
        CoverageBand band = CoverageBand.of(nominal);
        int k = band.rank(n);
        assertThat((double) k).isGreaterThanOrEqualTo((n + 1) * nominal - 1e-6);
        assertThat((double) k - 1).isLessThan((n + 1) * nominal);
        assertThat(band.probabilityWithin(n)).isBetween(0.0, 1.0);
        assertThat(band.probabilityMeasuredWithin(n, m)).isBetween(0.0, 1.0);
    }

    @Test
    void rejectsABandThatLeavesTheUnitInterval() {
        assertThatThrownBy(() -> new CoverageBand(0.99, 0.02, 0.9)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("0.02");
        assertThatThrownBy(() -> CoverageBand.of(1.5)).isInstanceOf(InvalidInputException.class).hasMessageContaining("1.5");
    }
}
