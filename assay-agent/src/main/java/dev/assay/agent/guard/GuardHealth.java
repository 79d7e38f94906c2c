package dev.assay.agent.guard;

import dev.assay.agent.command.Decision;
import dev.assay.agent.command.Finding;
import dev.assay.agent.command.Risk;
import dev.assay.agent.learned.GuardMemory;
import dev.assay.core.InvalidInputException;
import dev.assay.core.alert.Alert;
import dev.assay.core.alert.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The guard's health over its recent decisions, with the design's four alert rules and their thresholds as defaults:
 * <ul>
 *   <li><b>risk</b> (0.8): the share of the last {@value #WINDOW} decisions that were DENY or ESCALATE reached it; the
 *       agents propose mostly what the guard stops (a compromised or confused agent, or a policy too strict);</li>
 *   <li><b>error rate</b> (0.1): the share of those decisions in which a check failed (a GUARD_FAILURE finding; the
 *       guard failed closed);</li>
 *   <li><b>memory</b> (0.9): a class of the learned memory is this full; eviction of exemplars is near;</li>
 *   <li><b>consistency</b> (0.3): the memory's pattern consistency (the share of stored exemplars its own calibrated
 *       rule, leave-one-out, decides as labelled) fell below it; the memory no longer separates what it holds.</li>
 * </ul>
 * The rate rules wait for {@value #MIN_DECISIONS} decisions. Thread-safe.
 */
public final class GuardHealth {
    public static final int WINDOW = 100;
    public static final int MIN_DECISIONS = 20;

    /** The alert thresholds. */
    public record Thresholds(double risk, double errorRate, double memory, double consistency) {
        public Thresholds {
            for (double t : new double[] {risk, errorRate, memory, consistency}) {
                if (!(t >= 0 && t <= 1)) throw new InvalidInputException("alert thresholds must be in [0, 1], but one was " + t);
            }
        }

        /** The design's: risk 0.8, error rate 0.1, memory 0.9, consistency 0.3. */
        public static Thresholds defaults() {
            return new Thresholds(0.8, 0.1, 0.9, 0.3);
        }
    }

    private final Thresholds thresholds;
    private final boolean[] risky = new boolean[WINDOW];
    private final boolean[] failed = new boolean[WINDOW];
    private int next;
    private int filled;

    public GuardHealth(Thresholds thresholds) {
        this.thresholds = java.util.Objects.requireNonNull(thresholds, "thresholds");
    }

    /** Counts one decision. */
    public synchronized void record(Verdict v) {
        risky[next] = v.decision() != Decision.ALLOW;
        boolean f = false;
        for (Finding x : v.findings()) f |= x.risk() == Risk.GUARD_FAILURE;
        failed[next] = f;
        next = (next + 1) % WINDOW;
        filled = Math.min(WINDOW, filled + 1);
    }

    /** The share of recent decisions that were DENY or ESCALATE; NaN before any. */
    public synchronized double riskShare() {
        return share(risky);
    }

    /** The share of recent decisions in which a check failed; NaN before any. */
    public synchronized double errorRate() {
        return share(failed);
    }

    private double share(boolean[] xs) {
        if (filled == 0) return Double.NaN;
        int n = 0;
        for (int i = 0; i < filled; i++) if (xs[i]) n++;
        return n / (double) filled;
    }

    /** The alerts the rules raise now ({@code memory} may be null: no learned layer). */
    public List<Alert> alerts(GuardMemory memory, Instant now) {
        List<Alert> out = new ArrayList<>();
        int decisions;
        double risk, errors;
        synchronized (this) {
            decisions = filled;
            risk = riskShare();
            errors = errorRate();
        }
        if (decisions >= MIN_DECISIONS && risk >= thresholds.risk()) {
            out.add(alert(now, Severity.WARNING, "risk", "agent actions mostly stopped", String.format(Locale.ROOT,
                    "%.0f%% of the last %d decisions were DENY or ESCALATE (alert at %.0f%%): an agent may be compromised or confused, or the policy too strict",
                    100 * risk, decisions, 100 * thresholds.risk()), Map.of("share", fmt(risk))));
        }
        if (decisions >= MIN_DECISIONS && errors >= thresholds.errorRate()) {
            out.add(alert(now, Severity.CRITICAL, "errors", "agent guard checks failing", String.format(Locale.ROOT,
                    "a check failed in %.0f%% of the last %d decisions (alert at %.0f%%); the guard failed closed, see the server log",
                    100 * errors, decisions, 100 * thresholds.errorRate()), Map.of("share", fmt(errors))));
        }
        if (memory != null) {
            double used = memory.utilization();
            if (used >= thresholds.memory()) {
                out.add(alert(now, Severity.WARNING, "memory", "agent guard memory nearly full", String.format(Locale.ROOT,
                        "a class of the learned memory is %.0f%% full (alert at %.0f%%); new outcomes will evict the least used exemplars",
                        100 * used, 100 * thresholds.memory()), Map.of("utilization", fmt(used))));
            }
            double consistency = memory.consistency();
            if (!Double.isNaN(consistency) && consistency < thresholds.consistency()) {
                out.add(alert(now, Severity.WARNING, "consistency", "agent guard memory inconsistent", String.format(Locale.ROOT,
                        "the learned memory decides only %.0f%% of its own exemplars as labelled (alert below %.0f%%); its labels may be"
                                + " poisoned or the cases it holds no longer separable", 100 * consistency, 100 * thresholds.consistency()),
                        Map.of("consistency", fmt(consistency))));
            }
        }
        return out;
    }

    private static String fmt(double x) {
        return String.format(Locale.ROOT, "%.4f", x);
    }

    private static Alert alert(Instant now, Severity severity, String rule, String title, String detail, Map<String, String> labels) {
        return new Alert(UUID.randomUUID().toString(), now, severity, "agent.guard", title, detail, "agent.guard/" + rule, labels);
    }
}
