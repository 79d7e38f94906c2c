package dev.assay.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.core.InvalidInputException;
import org.junit.jupiter.api.Test;

class HolmTest {

    @Test
    void shouldStepDownUntilTheFirstAcceptance() {
        // Sorted: 0.005 <= 0.05/5, 0.01 <= 0.05/4, 0.03 > 0.05/3 stops: the first two are rejected, nothing after.
        double[] p = {0.01, 0.04, 0.03, 0.005, 0.2};
        assertThat(Holm.reject(p, 0.05)).containsExactly(true, false, false, true, false);
        assertThat(Holm.adjust(p)).containsExactly(0.04, 0.09, 0.09, 0.025, 0.2);
    }

    @Test
    void shouldNotRejectAfterAnAcceptanceEvenIfALaterPValueIsSmallEnoughAlone() {
        // 0.02 * 2 = 0.04 > alpha = 0.03: both accepted, although 0.025 < 0.03 alone.
        assertThat(Holm.reject(new double[] {0.02, 0.025}, 0.03)).containsExactly(false, false);
    }

    @Test
    void shouldRejectInvalidInputNamingTheProblem() {
        assertThatThrownBy(() -> Holm.adjust(new double[0]))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("pValues");
        assertThatThrownBy(() -> Holm.adjust(new double[] {0.1, 1.2}))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("pValues[1]").hasMessageContaining("1.2");
        assertThatThrownBy(() -> Holm.adjust(new double[] {Double.NaN}))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("NaN");
        assertThatThrownBy(() -> Holm.reject(new double[] {0.1}, 0.0))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("alpha");
    }
}
