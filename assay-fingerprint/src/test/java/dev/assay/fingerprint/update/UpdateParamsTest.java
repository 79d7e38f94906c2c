package dev.assay.fingerprint.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.assay.core.InvalidInputException;
import org.junit.jupiter.api.Test;

class UpdateParamsTest {
    private static final UpdateParams D = UpdateParams.defaults();

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        assertThat(D.windowSize()).isEqualTo(1_000);
        assertThat(D.reservoirSize()).isEqualTo(1_000);
        assertThat(D.halfLife()).isCloseTo(1_000, within(1e-9));
        assertThat(Math.pow(D.lambda(), 1_000)).isCloseTo(0.5, within(1e-12));
        assertThat(D.lambdaSlow()).isEqualTo(0.99);
        assertThat(D.lambdaFast()).isEqualTo(0.8);
        assertThat(D.surpriseSigmas()).isEqualTo(3.0);
    }

    @Test
    void aHalfLifeGivesTheFactorThatHalvesAWeightAfterThatManyResponses() {
        for (double h : new double[] {1, 2.5, 69, 10_000}) {
            UpdateParams p = D.withHalfLife(h);
            assertThat(Math.pow(p.lambda(), h)).isCloseTo(0.5, within(1e-12));
            assertThat(p.halfLife()).isCloseTo(h, within(1e-9 * h));
        }
        assertThat(UpdateParams.lambdaForHalfLife(1)).isEqualTo(0.5);
    }

    @Test
    void eachBadParameterIsRefusedByNameAndValue() {
        assertThatThrownBy(() -> D.withWindowSize(0)).isInstanceOf(InvalidInputException.class)
                .hasMessage("window size must be at least 1, but was 0");
        assertThatThrownBy(() -> D.withReservoir(-3, 1)).isInstanceOf(InvalidInputException.class)
                .hasMessage("reservoir size must be at least 1, but was -3");
        assertThatThrownBy(() -> D.withLambda(1.0)).isInstanceOf(InvalidInputException.class)
                .hasMessage("lambda must be in (0, 1), but was 1.0");
        assertThatThrownBy(() -> D.withLambda(Double.NaN)).isInstanceOf(InvalidInputException.class)
                .hasMessage("lambda must be in (0, 1), but was NaN");
        assertThatThrownBy(() -> D.withHalfLife(0)).isInstanceOf(InvalidInputException.class)
                .hasMessage("half-life must be positive and finite, but was 0.0");
        assertThatThrownBy(() -> D.withAdaptive(0, 0.8, 3)).isInstanceOf(InvalidInputException.class)
                .hasMessage("lambdaSlow must be in (0, 1), but was 0.0");
        assertThatThrownBy(() -> D.withAdaptive(0.99, -0.5, 3)).isInstanceOf(InvalidInputException.class)
                .hasMessage("lambdaFast must be in (0, 1), but was -0.5");
        assertThatThrownBy(() -> D.withAdaptive(0.9, 0.95, 3)).isInstanceOf(InvalidInputException.class)
                .hasMessage("lambdaFast must be below lambdaSlow (0.9), but was 0.95");
        assertThatThrownBy(() -> D.withAdaptive(0.99, 0.8, Double.POSITIVE_INFINITY)).isInstanceOf(InvalidInputException.class)
                .hasMessage("surpriseSigmas must be positive and finite, but was Infinity");
    }

    @Test
    void withersChangeOnlyTheirOwnParameters() {
        UpdateParams p = D.withWindowSize(5).withReservoir(6, 7).withLambda(0.5).withAdaptive(0.95, 0.5, 2);
        assertThat(p).isEqualTo(new UpdateParams(5, 6, 7, 0.5, 0.95, 0.5, 2));
    }
}
