package dev.assay.fingerprint.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.core.InvalidInputException;
import org.junit.jupiter.api.Test;

class DriftConfigTest {
    @Test
    void defaults() {
        DriftConfig c = DriftConfig.defaults();
        assertThat(c.window()).isEqualTo(100);
        assertThat(c.expectedRunLength()).isEqualTo(10_000);
        assertThat(c.seed()).isEqualTo(1);
        assertThat(c.allowance()).isEqualTo(0.5);
        assertThat(c.withWindow(20).withSeed(7).withExpectedRunLength(500))
                .isEqualTo(new DriftConfig(20, 500, 7, DriftConfig.DEFAULT_SHIFT, DriftConfig.DEFAULT_CALIBRATION_STREAMS));
    }

    @Test
    void rejectsBadValuesNamingTheParameterAndTheValue() {
        assertThatThrownBy(() -> DriftConfig.defaults().withWindow(3)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("window").hasMessageContaining("was 3");
        assertThatThrownBy(() -> DriftConfig.defaults().withExpectedRunLength(Double.NaN))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("expectedRunLength").hasMessageContaining("NaN");
        assertThatThrownBy(() -> DriftConfig.defaults().withExpectedRunLength(5))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("was 5.0");
        assertThatThrownBy(() -> new DriftConfig(100, 1000, 1, 0, 400)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("shift").hasMessageContaining("was 0.0");
        assertThatThrownBy(() -> new DriftConfig(100, 1000, 1, 1, 10)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("calibrationStreams").hasMessageContaining("was 10");
    }
}
