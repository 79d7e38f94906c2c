package dev.assay.core.contract;

import dev.assay.core.alert.Alert;
import dev.assay.core.alert.Severity;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A trigger that fired: on which check, at the end of which window, after how many failing windows
 * since when, and the evaluation of the window that fired it.
 */
public record TriggerEvent(String contract, String check, Trigger trigger, Instant at, int failingWindows,
                           Instant failingSince, Evaluation evaluation) {
    public TriggerEvent {
        Objects.requireNonNull(contract, "contract");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(failingSince, "failingSince");
        Objects.requireNonNull(evaluation, "evaluation");
        if (failingWindows < 1) throw new IllegalArgumentException("failingWindows must be >= 1, but was " + failingWindows);
    }

    public Action action() {
        return trigger.action();
    }

    public Severity severity() {
        return trigger.severity();
    }

    /**
     * This event as an alert from {@code source}. The id is derived from contract, check, action and
     * time (reproducible); the dedup key from contract, check and action, so repeated episodes inside
     * the alert manager's dedup window collapse.
     */
    public Alert toAlert(String source) {
        String key = contract + "/" + check + "/" + action().name().toLowerCase(java.util.Locale.ROOT);
        Evidence e = evaluation.evidence();
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("contract", contract);
        labels.put("check", check);
        labels.put("action", action().name());
        labels.put("statistic", e.statistic().name());
        labels.put("value", Double.toString(e.value()));
        labels.put("threshold", e.comparator().symbol() + " " + e.threshold());
        labels.put("failingWindows", Integer.toString(failingWindows));
        labels.put("failingSince", failingSince.toString());
        String title = (action() == Action.ROLLBACK ? "Rollback: " : "Contract failing: ") + contract + "/" + check;
        String detail = evaluation.reason() + " in window [" + e.windowStart() + ", " + e.windowEnd() + "); "
                + failingWindows + " failing windows since " + failingSince;
        return new Alert(key + "@" + at, at, severity(), source, title, detail, key, labels);
    }
}
