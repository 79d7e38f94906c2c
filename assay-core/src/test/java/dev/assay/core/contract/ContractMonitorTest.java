package dev.assay.core.contract;

import static dev.assay.core.contract.Fixtures.MINUTE;
import static dev.assay.core.contract.Fixtures.T0;
import static dev.assay.core.contract.Fixtures.window;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.core.alert.Alert;
import dev.assay.core.alert.Severity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContractMonitorTest {
    /** Window values: mean latency 100 passes "MEAN <= 200", 300 fails; an empty window is NO_DATA. */
    static final double GOOD = 100;
    static final double BAD = 300;

    private static ContractMonitor monitor(Trigger... triggers) {
        Check.Builder b = Check.builder("latency").metric("latency_ms").require(Statistic.MEAN, Op.LE, 200);
        for (Trigger t : triggers) b.trigger(t);
        return ContractMonitor.of(new Contract("ranker", MINUTE, List.of(b.build())));
    }

    /** Feeds one window per entry (G good, B bad, N empty); returns the index of every window that fired. */
    private static List<Integer> feed(ContractMonitor monitor, String sequence) {
        List<Integer> fired = new ArrayList<>();
        for (int i = 0; i < sequence.length(); i++) {
            Window w = switch (sequence.charAt(i)) {
                case 'G' -> window(i, "latency_ms", GOOD);
                case 'B' -> window(i, "latency_ms", BAD);
                case 'N' -> window(i, "latency_ms");
                default -> throw new IllegalArgumentException("sequence letter " + sequence.charAt(i));
            };
            if (!monitor.observe(w).events().isEmpty()) fired.add(i);
        }
        return fired;
    }

    @Test
    void shouldNotTriggerAfterTwoBadWindowsThenAGoodOne() {
        ContractMonitor m = monitor(Trigger.consecutive(3, Action.ROLLBACK, Severity.CRITICAL));
        assertThat(feed(m, "BBGBB")).isEmpty();
    }

    @Test
    void goodWindow_resetsTheStreak() {
        ContractMonitor m = monitor(Trigger.consecutive(3, Action.ROLLBACK, Severity.CRITICAL));
        assertThat(feed(m, "BBGBBB")).containsExactly(5);
    }

    @Test
    void shouldRollbackAfterThreeBadWindows() {
        ContractMonitor m = monitor(Trigger.consecutive(3, Action.ROLLBACK, Severity.CRITICAL));
        m.observe(window(0, "latency_ms", BAD));
        m.observe(window(1, "latency_ms", BAD));
        WindowReport third = m.observe(window(2, "latency_ms", BAD));
        assertThat(third.events()).hasSize(1);
        TriggerEvent event = third.events().getFirst();
        assertThat(event.action()).isEqualTo(Action.ROLLBACK);
        assertThat(event.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(event.failingWindows()).isEqualTo(3);
        assertThat(event.failingSince()).isEqualTo(T0);
        assertThat(event.at()).isEqualTo(T0.plus(MINUTE.multipliedBy(3)));
        assertThat(event.evaluation().verdict()).isEqualTo(Verdict.FAIL);
        assertThat(third.evaluations()).extracting(Evaluation::verdict).containsExactly(Verdict.FAIL);
    }

    @Test
    void trigger_firesOncePerEpisodeAndReArmsAfterAPass() {
        ContractMonitor m = monitor(Trigger.consecutive(3, Action.ALERT, Severity.ERROR));
        assertThat(feed(m, "BBBBBBBGBBB")).containsExactly(2, 10);
    }

    @Test
    void noData_pausesTheStreakByDefault() {
        ContractMonitor m = monitor(Trigger.consecutive(3, Action.ALERT, Severity.ERROR));
        assertThat(feed(m, "BBNNB")).containsExactly(4);
        assertThat(feed(monitor(Trigger.consecutive(3, Action.ALERT, Severity.ERROR)), "NNNNNN")).isEmpty();
        assertThat(feed(monitor(Trigger.consecutive(3, Action.ALERT, Severity.ERROR)), "BBN")).isEmpty();
    }

    @Test
    void noData_resetsTheStreakUnderReset() {
        Trigger t = Trigger.consecutive(3, Action.ALERT, Severity.ERROR).withGaps(GapPolicy.RESET, GapPolicy.PAUSE);
        assertThat(feed(monitor(t), "BBNBB")).isEmpty();
        assertThat(feed(monitor(t), "BBNBBB")).containsExactly(5);
    }

    @Test
    void noData_countsAsFailingUnderFail() {
        Trigger t = Trigger.consecutive(3, Action.ROLLBACK, Severity.CRITICAL).withGaps(GapPolicy.FAIL, GapPolicy.PAUSE);
        ContractMonitor m = monitor(t);
        assertThat(feed(m, "NNN")).containsExactly(2);
    }

    @Test
    void inconclusive_followsItsOwnPolicy() {
        Check c = Check.builder("latency").metric("latency_ms").require(Statistic.MEAN, Op.LE, 200).minSamples(2)
                .trigger(Trigger.consecutive(2, Action.ALERT, Severity.ERROR).withGaps(GapPolicy.PAUSE, GapPolicy.RESET))
                .build();
        ContractMonitor m = ContractMonitor.of(new Contract("ranker", MINUTE, List.of(c)));
        assertThat(m.observe(window(0, "latency_ms", BAD, BAD)).events()).isEmpty();
        WindowReport oneValue = m.observe(window(1, "latency_ms", BAD));
        assertThat(oneValue.evaluations().getFirst().verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(m.observe(window(2, "latency_ms", BAD, BAD)).events()).isEmpty();
        assertThat(m.observe(window(3, "latency_ms", BAD, BAD)).events()).hasSize(1);
    }

    @Test
    void failingFor_firesWhenFirstFailingStartToWindowEndReachesTheDuration() {
        ContractMonitor m = monitor(Trigger.failingFor(Duration.ofMinutes(3), Action.ALERT, Severity.WARNING));
        assertThat(feed(m, "GBBGBBB")).containsExactly(6);
    }

    @Test
    void failingFor_countsElapsedTimeAcrossPausedGaps() {
        ContractMonitor m = monitor(Trigger.failingFor(Duration.ofMinutes(3), Action.ALERT, Severity.WARNING));
        List<Integer> fired = feed(m, "BNB");
        assertThat(fired).containsExactly(2);
    }

    @Test
    void failingFor_cannotFireOnAPausedWindow() {
        ContractMonitor m = monitor(Trigger.failingFor(Duration.ofMinutes(2), Action.ALERT, Severity.WARNING));
        assertThat(feed(m, "BNNN")).isEmpty();
    }

    @Test
    void failingFor_measuresWallTimeBetweenNonContiguousWindows() {
        ContractMonitor m = monitor(Trigger.failingFor(Duration.ofMinutes(10), Action.ALERT, Severity.WARNING));
        assertThat(m.observe(window(0, "latency_ms", BAD)).events()).isEmpty();
        WindowReport later = m.observe(window(9, "latency_ms", BAD));
        assertThat(later.events()).singleElement()
                .satisfies(e -> assertThat(e.failingWindows()).isEqualTo(2))
                .satisfies(e -> assertThat(e.failingSince()).isEqualTo(T0));
    }

    @Test
    void severalTriggers_escalateIndependently() {
        ContractMonitor m = monitor(Trigger.consecutive(1, Action.ALERT, Severity.WARNING),
                Trigger.consecutive(3, Action.ROLLBACK, Severity.CRITICAL));
        List<TriggerEvent> events = new ArrayList<>();
        for (int i = 0; i < 4; i++) events.addAll(m.observe(window(i, "latency_ms", BAD)).events());
        assertThat(events).extracting(TriggerEvent::action).containsExactly(Action.ALERT, Action.ROLLBACK);
        assertThat(events).extracting(TriggerEvent::failingWindows).containsExactly(1, 3);
    }

    @Test
    void monitor_rejectsAWindowThatOverlapsThePreviousOne() {
        ContractMonitor m = monitor(Trigger.consecutive(1, Action.ALERT, Severity.WARNING));
        m.observe(window(5, "latency_ms", GOOD));
        assertThatThrownBy(() -> m.observe(window(4, "latency_ms", GOOD)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("starts before the end of the previous window");
    }

    @Test
    void triggerEvent_becomesAnAlertWithAStableDedupKey() {
        ContractMonitor m = monitor(Trigger.consecutive(1, Action.ROLLBACK, Severity.CRITICAL));
        TriggerEvent event = m.observe(window(0, "latency_ms", BAD)).events().getFirst();
        Alert alert = event.toAlert("assay-server");
        assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(alert.dedupKey()).isEqualTo("ranker/latency/rollback");
        assertThat(alert.id()).isEqualTo("ranker/latency/rollback@" + T0.plus(MINUTE));
        assertThat(alert.title()).contains("Rollback").contains("ranker/latency");
        assertThat(alert.labels()).containsEntry("statistic", "MEAN").containsEntry("value", "300.0")
                .containsEntry("threshold", "<= 200.0");
    }

    @Test
    void record_advancesTriggersWithCallerEvaluationsAndRejectsMismatchedOnes() {
        ContractMonitor m = monitor(Trigger.consecutive(2, Action.ROLLBACK, Severity.CRITICAL));
        Check check = m.contract().check("latency");
        List<Integer> fired = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Window w = window(i, "latency_ms", BAD);
            if (!m.record(w.start(), w.end(), List.of(check.evaluate(w))).events().isEmpty()) fired.add(i);
        }
        assertThat(fired).containsExactly(1);
        assertThat(m.failingWindows("latency")).isEqualTo(3);
        Window w = window(3, "latency_ms", BAD);
        Evaluation wrongName = new Evaluation("other", Verdict.FAIL, false, check.evaluate(w).evidence(), "x");
        assertThatThrownBy(() -> m.record(w.start(), w.end(), List.of(wrongName))).hasMessageContaining("must be of check latency");
        assertThatThrownBy(() -> m.record(w.start(), w.end(), List.of())).hasMessageContaining("one evaluation per check");
    }
}
