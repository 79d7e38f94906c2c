package dev.assay.core.contract;

import dev.assay.core.alert.Severity;
import java.time.Duration;
import java.util.Objects;

/**
 * A stateful rule over a check's successive window verdicts: when {@code condition} is met it fires
 * once per episode, naming {@code action} at {@code severity}; {@code onNoData} and {@code onInconclusive}
 * say how NO_DATA and INCONCLUSIVE windows affect the streak.
 */
public record Trigger(Condition condition, Action action, Severity severity, GapPolicy onNoData, GapPolicy onInconclusive) {
    public Trigger {
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(onNoData, "onNoData");
        Objects.requireNonNull(onInconclusive, "onInconclusive");
    }

    /** Fires after {@code windows} failing windows in a row; gaps pause the streak. */
    public static Trigger consecutive(int windows, Action action, Severity severity) {
        return new Trigger(new Condition.Consecutive(windows), action, severity, GapPolicy.PAUSE, GapPolicy.PAUSE);
    }

    /** Fires once the check has been failing for {@code duration} without a pass; gaps pause the streak. */
    public static Trigger failingFor(Duration duration, Action action, Severity severity) {
        return new Trigger(new Condition.FailingFor(duration), action, severity, GapPolicy.PAUSE, GapPolicy.PAUSE);
    }

    /** This trigger with other gap policies. */
    public Trigger withGaps(GapPolicy onNoData, GapPolicy onInconclusive) {
        return new Trigger(condition, action, severity, onNoData, onInconclusive);
    }
}
