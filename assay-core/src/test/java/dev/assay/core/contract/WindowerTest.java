package dev.assay.core.contract;

import static dev.assay.core.contract.Fixtures.MINUTE;
import static dev.assay.core.contract.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.core.time.ManualClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowerTest {
    private static Observation at(long seconds, double value) {
        return new Observation("m", "all", T0.plusSeconds(seconds), value);
    }

    @Test
    void windower_handsOutEachWindowOnceTheClockPassesItsEnd() {
        ManualClock clock = new ManualClock(T0.plusSeconds(30));
        Windower w = Windower.fixed(MINUTE, clock);
        assertThat(w.add(at(10, 1))).isTrue();
        assertThat(w.add(at(50, 2))).isTrue();
        assertThat(w.add(at(65, 3))).isTrue();
        clock.set(T0.plusSeconds(59));
        assertThat(w.closeDue()).isEmpty();
        clock.set(T0.plusSeconds(60));
        List<Window> first = w.closeDue();
        assertThat(first).singleElement().satisfies(win -> {
            assertThat(win.start()).isEqualTo(T0);
            assertThat(win.end()).isEqualTo(T0.plusSeconds(60));
            assertThat(win.observations()).extracting(Observation::value).containsExactly(1.0, 2.0);
        });
        assertThat(w.closeDue()).isEmpty();
        assertThat(w.buffered()).isEqualTo(1);
    }

    @Test
    void windower_handsOutEmptyWindowsSoSilenceIsVisible() {
        ManualClock clock = new ManualClock(T0);
        Windower w = Windower.fixed(MINUTE, clock);
        w.add(at(70, 5));
        clock.set(T0.plusSeconds(180));
        List<Window> due = w.closeDue();
        assertThat(due).extracting(Window::start).containsExactly(T0, T0.plusSeconds(60), T0.plusSeconds(120));
        assertThat(due).extracting(win -> win.observations().size()).containsExactly(0, 1, 0);
    }

    @Test
    void windower_countsAndDropsLateObservations() {
        ManualClock clock = new ManualClock(T0);
        Windower w = Windower.fixed(MINUTE, clock);
        clock.set(T0.plusSeconds(61));
        w.closeDue();
        assertThat(w.add(at(59, 1))).isFalse();
        assertThat(w.add(at(-3600, 1))).isFalse();
        assertThat(w.late()).isEqualTo(2);
        assertThat(w.add(at(61, 1))).isTrue();
    }

    @Test
    void windower_alignsWindowsToTheEpoch() {
        ManualClock clock = new ManualClock(T0.plusSeconds(95));
        Windower w = Windower.fixed(Duration.ofSeconds(30), clock);
        clock.set(T0.plusSeconds(121));
        assertThat(w.closeDue()).extracting(Window::start).containsExactly(T0.plusSeconds(90));
    }

    @Test
    void tumbling_bucketsABatchIncludingEmptyWindowsBetween() {
        List<Window> windows = Window.tumbling(List.of(at(130, 3), at(5, 1), at(59, 2)), MINUTE);
        assertThat(windows).extracting(Window::start).containsExactly(T0, T0.plusSeconds(60), T0.plusSeconds(120));
        assertThat(windows).extracting(win -> win.observations().size()).containsExactly(2, 0, 1);
        assertThat(Window.tumbling(List.of(), MINUTE)).isEmpty();
    }

    @Test
    void windowSize_mustBeAPositiveWholeNumberOfMilliseconds() {
        ManualClock clock = new ManualClock(T0);
        assertThatThrownBy(() -> Windower.fixed(Duration.ZERO, clock)).hasMessageContaining("PT0S");
        assertThatThrownBy(() -> Windower.fixed(Duration.ofNanos(1500), clock)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Windower.fixed(Duration.ofSeconds(-60), clock)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void window_rejectsAnObservationOutsideItsBounds() {
        assertThatThrownBy(() -> new Window(T0, T0.plusSeconds(60), List.of(at(60, 1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside window");
    }
}
