package dev.assay.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.assay.core.InvalidInputException;
import org.junit.jupiter.api.Test;

class PercentileRecorderTest {
    /** Three significant digits: reported values within 0.1% of the exact order statistic. */
    private static final double RELATIVE = 1e-3;

    @Test
    void percentilesShouldBeWithinThePrecisionOfTheExactOrderStatistics() {
        PercentileRecorder recorder = PercentileRecorder.create();
        for (long v = 1; v <= 100_000; v++) {
            recorder.record(v);
        }
        PercentileRecorder.Summary s = recorder.summary();
        assertThat(s.count()).isEqualTo(100_000);
        assertThat((double) s.p50()).isCloseTo(50_000, within(50_000 * RELATIVE));
        assertThat((double) s.p95()).isCloseTo(95_000, within(95_000 * RELATIVE));
        assertThat((double) s.p99()).isCloseTo(99_000, within(99_000 * RELATIVE));
        assertThat((double) s.max()).isCloseTo(100_000, within(100_000 * RELATIVE));
        assertThat(s.significantDigits()).isEqualTo(3);
    }

    @Test
    void mergedRecordersShouldReportWhatOneRecorderOfAllValuesReports() {
        PercentileRecorder odd = PercentileRecorder.create();
        PercentileRecorder even = PercentileRecorder.create();
        PercentileRecorder all = PercentileRecorder.create();
        for (long v = 1; v <= 20_000; v++) {
            long value = v * v % 1_000_003;
            (v % 2 == 0 ? even : odd).record(value);
            all.record(value);
        }
        odd.merge(even);
        assertThat(odd.summary()).isEqualTo(all.summary());
        assertThat(even.count()).isEqualTo(10_000);
    }

    @Test
    void emptyRecorderShouldReportZeros() {
        assertThat(PercentileRecorder.create().summary()).isEqualTo(new PercentileRecorder.Summary(0, 0, 0, 0, 0, 3));
    }

    @Test
    void shouldRejectInvalidInputNamingTheProblem() {
        assertThatThrownBy(() -> PercentileRecorder.create().record(-1))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("-1");
        assertThatThrownBy(() -> PercentileRecorder.create(6))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("significantDigits");
        assertThatThrownBy(() -> PercentileRecorder.create().valueAtPercentile(101))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("101");
    }
}
