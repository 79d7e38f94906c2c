package dev.assay.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.assay.core.InvalidInputException;
import org.junit.jupiter.api.Test;

class MannWhitneyTest {

    @Test
    void exactPValueShouldCountArrangementsByHand() {
        // m = n = 2: the 6 rank arrangements give U = 0, 1, 2, 2, 3, 4. x above y entirely: U = 4.
        TestResult r = MannWhitney.test(new double[] {3, 4}, new double[] {1, 2}, Tail.UPPER);
        assertThat(r.statistic()).isEqualTo(4.0);
        assertThat(r.pValue()).isCloseTo(1.0 / 6, within(1e-15));
        assertThat(MannWhitney.test(new double[] {3, 4}, new double[] {1, 2}, Tail.TWO_SIDED).pValue())
                .isCloseTo(2.0 / 6, within(1e-15));
        assertThat(MannWhitney.test(new double[] {1.5, 4}, new double[] {1, 2}, Tail.LOWER).pValue())
                .isCloseTo(5.0 / 6, within(1e-15)); // U = 3, P(U <= 3) = 5/6
    }

    @Test
    void shouldReportTheAchievedLevelWhenTheRequestedOneIsNotAchievable() {
        // With m = n = 2 the widest exact interval has level 1 - 2 P(U = 0) = 2/3, not the 95% asked for.
        ConfidenceBound ci = MannWhitney.shift(new double[] {3, 4}, new double[] {1, 2}, Tail.TWO_SIDED, 0.95);
        assertThat(ci.confidenceLevel()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(ci.lower()).isEqualTo(1.0); // smallest of the differences 1, 2, 2, 3
        assertThat(ci.upper()).isEqualTo(3.0);
        assertThat(ci.estimate()).isEqualTo(2.0);
    }

    @Test
    void hodgesLehmannEstimateShouldFollowAShiftOfX() {
        double[] x = {0.11, 0.52, 0.93, 1.34, 1.75, 2.16};
        double[] y = {0.05, 0.37, 0.61, 0.88, 1.22};
        double base = MannWhitney.shift(x, y, Tail.TWO_SIDED, 0.9).estimate();
        double[] shifted = x.clone();
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] += 10.0;
        }
        assertThat(MannWhitney.shift(shifted, y, Tail.TWO_SIDED, 0.9).estimate()).isCloseTo(base + 10.0, within(1e-12));
    }

    @Test
    void shouldUseTheNormalApproximationForFiftyOrMoreObservations() {
        double[] x = new double[50];
        double[] y = new double[3];
        for (int i = 0; i < x.length; i++) {
            x[i] = i + 0.5;
        }
        y[0] = 10.25;
        y[1] = 20.25;
        y[2] = 30.25;
        assertThat(MannWhitney.test(x, y, Tail.TWO_SIDED).method()).isEqualTo("Wilcoxon rank sum test with continuity correction");
        assertThat(MannWhitney.test(new double[] {1, 2}, y, Tail.TWO_SIDED).method()).isEqualTo("Wilcoxon rank sum exact test");
    }

    @Test
    void shouldRefuseWhenAllObservationsAreTied() {
        assertThatThrownBy(() -> MannWhitney.test(new double[] {1, 1}, new double[] {1, 1, 1}, Tail.TWO_SIDED))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("tied");
        assertThatThrownBy(() -> MannWhitney.shift(new double[] {2, 2}, new double[] {1, 1, 1}, Tail.TWO_SIDED, 0.95))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("tied");
    }

    @Test
    void shouldRejectInvalidInputNamingTheProblem() {
        assertThatThrownBy(() -> MannWhitney.test(new double[0], new double[] {1}, Tail.UPPER))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("x must hold at least 1");
        assertThatThrownBy(() -> MannWhitney.test(new double[] {1}, new double[] {Double.NaN}, Tail.UPPER))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("y[0]");
        assertThatThrownBy(() -> MannWhitney.shift(new double[] {1}, new double[] {2}, Tail.UPPER, 1.0))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("confidenceLevel").hasMessageContaining("1.0");
    }
}
