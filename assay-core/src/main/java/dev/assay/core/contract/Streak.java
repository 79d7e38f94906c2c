package dev.assay.core.contract;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The state of one trigger over a check's successive verdicts. An episode starts at the first
 * failing window after a PASS (or a RESET gap) and ends at the next one; the trigger fires at most
 * once per episode, on a failing window, and re-arms when the episode ends.
 */
final class Streak {
    private final String contract;
    private final String check;
    private final Trigger trigger;
    private int failing;
    private Instant since;
    private boolean fired;

    Streak(String contract, String check, Trigger trigger) {
        this.contract = contract;
        this.check = check;
        this.trigger = trigger;
    }

    /** Advances by one window's evaluation; the event when the trigger fires on it. */
    Optional<TriggerEvent> step(Evaluation evaluation) {
        GapPolicy effect = switch (evaluation.verdict()) {
            case PASS -> GapPolicy.RESET;
            case FAIL -> GapPolicy.FAIL;
            case NO_DATA -> trigger.onNoData();
            case INCONCLUSIVE -> trigger.onInconclusive();
        };
        switch (effect) {
            case PAUSE -> {
                return Optional.empty();
            }
            case RESET -> {
                failing = 0;
                since = null;
                fired = false;
                return Optional.empty();
            }
            case FAIL -> {
                Evidence e = evaluation.evidence();
                failing++;
                if (since == null) since = e.windowStart();
                if (fired || !met(e.windowEnd())) return Optional.empty();
                fired = true;
                return Optional.of(new TriggerEvent(contract, check, trigger, e.windowEnd(), failing, since, evaluation));
            }
        }
        throw new IllegalStateException("unreachable: " + effect);
    }

    private boolean met(Instant windowEnd) {
        return switch (trigger.condition()) {
            case Condition.Consecutive c -> failing >= c.windows();
            case Condition.FailingFor f -> Duration.between(since, windowEnd).compareTo(f.duration()) >= 0;
        };
    }

    int failing() {
        return failing;
    }

    StreakState state() {
        return new StreakState(failing, since, fired);
    }

    void resume(StreakState s) {
        failing = s.failing();
        since = s.since();
        fired = s.fired();
    }
}
