package dev.assay.protocol.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.assay.core.InvalidInputException;
import java.time.Duration;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class LoadPatternTest {
    static final Duration TEN_S = Duration.ofSeconds(10);

    @Test
    void eachPatternOffersTheRequestsItsRateCurveIntegratesTo() {
        // at 200/s over 10 s: constant 2000, ramp-up 0.55 of it, spike 0.9 x 1/2 + 0.1 x 4 = 0.85, wave (three whole periods) 1
        assertThat(LoadPattern.CONSTANT.schedule(200, TEN_S, 1_000_000)).hasSize(2000);
        assertThat(LoadPattern.RAMP_UP.schedule(200, TEN_S, 1_000_000).length).isCloseTo(1100, within(2));
        assertThat(LoadPattern.SPIKE.schedule(200, TEN_S, 1_000_000).length).isCloseTo(1700, within(2));
        assertThat(LoadPattern.WAVE.schedule(200, TEN_S, 1_000_000).length).isCloseTo(2000, within(2));
    }

    @Test
    void theSpikeSendsFourTimesTheNominalRateInTheMiddleTenth() {
        long[] t = LoadPattern.SPIKE.schedule(100, TEN_S, 1_000_000);
        long inSpike = Arrays.stream(t).filter(x -> x >= 4_500_000_000L && x < 5_500_000_000L).count();
        long firstSecond = Arrays.stream(t).filter(x -> x < 1_000_000_000L).count();
        assertThat(inSpike).isCloseTo(400, within(2L));
        assertThat(firstSecond).isCloseTo(50, within(2L));
    }

    @Test
    void theRampStartsAtATenthAndEndsAtTheNominalRate() {
        long[] t = LoadPattern.RAMP_UP.schedule(1000, TEN_S, 1_000_000);
        long first = Arrays.stream(t).filter(x -> x < 1_000_000_000L).count();
        long last = Arrays.stream(t).filter(x -> x >= 9_000_000_000L).count();
        assertThat(first).isCloseTo(145, within(3L)); // mean of 100..190 over the first second
        assertThat(last).isCloseTo(955, within(3L));
    }

    @Property(tries = 60)
    void aScheduleIsOrderedInsideTheRunAndBounded(@ForAll LoadPattern p, @ForAll @DoubleRange(min = 0.5, max = 5000) double rate,
                                                  @ForAll @IntRange(min = 1, max = 3000) int ms, @ForAll @IntRange(min = 1, max = 5000) int max) {
        Duration d = Duration.ofMillis(ms);
        long[] t = p.schedule(rate, d, max);
        assertThat(t.length).isLessThanOrEqualTo(max);
        for (int i = 0; i < t.length; i++) {
            assertThat(t[i]).isBetween(0L, d.toNanos() - 1);
            if (i > 0) assertThat(t[i]).isGreaterThanOrEqualTo(t[i - 1]);
        }
        // never more than the curve allows (its peak is 4x nominal), plus one for the step
        assertThat((double) t.length).isLessThanOrEqualTo(4 * rate * ms / 1000.0 + 1);
    }

    @Test
    void badSettingsAreRefusedByName() {
        assertThatThrownBy(() -> LoadPattern.CONSTANT.schedule(0, TEN_S, 10)).isInstanceOf(InvalidInputException.class).hasMessageContaining("rate");
        assertThatThrownBy(() -> LoadPattern.CONSTANT.schedule(10, Duration.ZERO, 10)).hasMessageContaining("duration");
        assertThatThrownBy(() -> LoadPattern.CONSTANT.schedule(10, TEN_S, 0)).hasMessageContaining("request limit");
        assertThat(LoadPattern.parse("Ramp-Up")).isEqualTo(LoadPattern.RAMP_UP);
        assertThat(LoadPattern.RAMP_UP.id()).isEqualTo("ramp-up");
        assertThatThrownBy(() -> LoadPattern.parse("burst")).hasMessageContaining("constant, ramp-up, spike or wave, but was 'burst'");
    }
}
