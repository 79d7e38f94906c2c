package dev.assay.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.assay.core.InvalidInputException;
import org.junit.jupiter.api.Test;

class CalibrationTest {
    private static final double[] CONFIDENCE = {0.9, 0.1, 0.35, 0.8, 0.3, 0.95};
    private static final boolean[] CORRECT = {true, false, false, true, true, false};

    @Test
    void equalWidthEceShouldMatchAHandComputation() {
        // [0, 0.5): 0.1, 0.35, 0.3 -> confidence 0.25, accuracy 1/3; [0.5, 1]: 0.9, 0.8, 0.95 -> 0.8833, 2/3.
        CalibrationError e = Calibration.error(CONFIDENCE, CORRECT, Binning.EQUAL_WIDTH, 2);
        assertThat(e.bins()).hasSize(2);
        CalibrationError.Bin low = e.bins().get(0);
        assertThat(low.lower()).isEqualTo(0.0);
        assertThat(low.upper()).isEqualTo(0.5);
        assertThat(low.count()).isEqualTo(3);
        assertThat(low.meanConfidence()).isCloseTo(0.25, within(1e-15));
        assertThat(low.accuracy()).isCloseTo(1.0 / 3, within(1e-15));
        assertThat(e.bins().get(1).meanConfidence()).isCloseTo(2.65 / 3, within(1e-15));
        assertThat(e.ece()).isCloseTo(0.5 * (1.0 / 3 - 0.25) + 0.5 * (2.65 / 3 - 2.0 / 3), within(1e-15));
        assertThat(e.ece()).isCloseTo(0.15, within(1e-12));
        assertThat(e.mce()).isCloseTo(0.65 / 3, within(1e-12));
        assertThat(e.binning()).isEqualTo(Binning.EQUAL_WIDTH);
    }

    @Test
    void equalMassEceShouldMatchAHandComputation() {
        // Sorted: (0.1 F, 0.3 T) (0.35 F, 0.8 T) (0.9 T, 0.95 F): gaps 0.3, 0.075, 0.425, weight 1/3 each.
        CalibrationError e = Calibration.error(CONFIDENCE, CORRECT, Binning.EQUAL_MASS, 3);
        assertThat(e.bins()).extracting(CalibrationError.Bin::count).containsExactly(2, 2, 2);
        assertThat(e.bins()).extracting(CalibrationError.Bin::lower).containsExactly(0.1, 0.35, 0.9);
        assertThat(e.bins()).extracting(CalibrationError.Bin::upper).containsExactly(0.3, 0.8, 0.95);
        assertThat(e.ece()).isCloseTo(0.8 / 3, within(1e-12));
        assertThat(e.mce()).isCloseTo(0.425, within(1e-12));
    }

    @Test
    void shouldPlaceConfidenceOneInTheLastBinAndKeepEmptyBins() {
        CalibrationError e = Calibration.error(new double[] {0.0, 1.0}, new boolean[] {false, true}, Binning.EQUAL_WIDTH, 10);
        assertThat(e.bins()).hasSize(10);
        assertThat(e.bins().get(0).count()).isEqualTo(1);
        assertThat(e.bins().get(9).count()).isEqualTo(1);
        assertThat(e.bins().get(5).count()).isZero();
        assertThat(e.bins().get(5).accuracy()).isNaN();
        assertThat(e.ece()).isZero();
    }

    @Test
    void moreBinsThanPredictionsShouldLeaveSomeEqualMassBinsEmpty() {
        CalibrationError e = Calibration.error(new double[] {0.6, 0.7}, new boolean[] {true, false}, Binning.EQUAL_MASS, 4);
        assertThat(e.bins()).extracting(CalibrationError.Bin::count).containsExactly(0, 1, 0, 1);
        assertThat(e.ece()).isCloseTo(0.5 * 0.4 + 0.5 * 0.7, within(1e-12));
    }

    @Test
    void shouldRejectInvalidInputNamingTheProblem() {
        assertThatThrownBy(() -> Calibration.error(new double[] {0.5, 1.5}, new boolean[2], Binning.EQUAL_WIDTH, 5))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("confidence[1]").hasMessageContaining("1.5");
        assertThatThrownBy(() -> Calibration.error(new double[] {0.5}, new boolean[2], Binning.EQUAL_WIDTH, 5))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("1 and 2");
        assertThatThrownBy(() -> Calibration.error(new double[] {0.5}, new boolean[1], Binning.EQUAL_MASS, 0))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("bins");
        assertThatThrownBy(() -> Calibration.error(new double[0], new boolean[0], Binning.EQUAL_MASS, 3))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("confidence");
        assertThatThrownBy(() -> Calibration.error(new double[] {0.5}, new boolean[1], null, 3))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("binning");
    }
}
