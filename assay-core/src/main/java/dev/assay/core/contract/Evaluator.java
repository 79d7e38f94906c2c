package dev.assay.core.contract;

import java.util.Locale;
import java.util.Objects;

/**
 * Evaluates a check on a window. An empty selection is NO_DATA for every statistic except COUNT
 * (which is 0 and compared normally, so "at least N requests" can fail); fewer values than
 * {@code minSamples} is INCONCLUSIVE. For MEAN_LCB / MEAN_UCB the bound decides PASS, the opposite
 * bound decides FAIL (the interval lies entirely on the wrong side), and an interval straddling the
 * threshold is INCONCLUSIVE.
 */
final class Evaluator {
    private Evaluator() {}

    static Evaluation evaluate(Check check, Window window) {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(window, "window");
        double[] values = window.observations().stream()
                .filter(o -> o.metric().equals(check.metric()) && check.matchesSlice(o.slice()))
                .mapToDouble(Observation::value)
                .toArray();
        int n = values.length;
        Statistic statistic = check.statistic();

        if (statistic == Statistic.COUNT) {
            return decide(check, window, n, n, n, Double.NaN, Double.NaN);
        }
        if (n == 0) {
            return new Evaluation(check.name(), Verdict.NO_DATA, false,
                    evidence(check, window, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0),
                    "no values of " + check.metric() + " in slice " + check.slice());
        }
        if (statistic.isConfidenceBound()) return evaluateBound(check, window, values);

        double value = switch (statistic) {
            case MEAN -> SampleStats.mean(values);
            case MIN -> SampleStats.sorted(values)[0];
            case MAX -> SampleStats.sorted(values)[n - 1];
            case P50, P90, P95, P99 -> SampleStats.nearestRank(SampleStats.sorted(values), statistic.percentile());
            case RATE -> SampleStats.nonZeroRate(values);
            case COUNT, MEAN_LCB, MEAN_UCB -> throw new IllegalStateException("handled above: " + statistic);
        };
        if (n < check.minSamples()) {
            return inconclusive(check, window, value, value, Double.NaN, Double.NaN, n,
                    n + " values, fewer than minSamples " + check.minSamples());
        }
        return decide(check, window, n, value, value, Double.NaN, Double.NaN);
    }

    private static Evaluation evaluateBound(Check check, Window window, double[] values) {
        int n = values.length;
        double mean = SampleStats.mean(values);
        int needed = Math.max(2, check.minSamples());
        if (n < needed) {
            return inconclusive(check, window, Double.NaN, mean, Double.NaN, Double.NaN, n,
                    n + " values, fewer than the " + needed + " a confidence bound needs");
        }
        double h = SampleStats.tHalfWidth(SampleStats.standardDeviation(values, mean), n, check.confidence());
        double lower = mean - h;
        double upper = mean + h;
        boolean lowerBound = check.statistic() == Statistic.MEAN_LCB;
        double bound = lowerBound ? lower : upper;
        double opposite = lowerBound ? upper : lower;
        if (!Double.isFinite(bound) || !Double.isFinite(opposite)) {
            return inconclusive(check, window, bound, mean, lower, upper, n, "confidence bound is not finite");
        }
        if (check.comparator().holds(bound, check.threshold())) {
            return decide(check, window, n, bound, mean, lower, upper);
        }
        if (check.comparator().holds(opposite, check.threshold())) {
            return inconclusive(check, window, bound, mean, lower, upper, n, String.format(Locale.ROOT,
                    "interval [%s, %s] at %s confidence straddles threshold %s",
                    num(lower), num(upper), num(2 * check.confidence() - 1), num(check.threshold())));
        }
        return decide(check, window, n, bound, mean, lower, upper);
    }

    /** PASS (maybe in the warning band) or FAIL by comparing {@code value} with the threshold. */
    private static Evaluation decide(Check check, Window window, int n, double value, double estimate,
                                     double lower, double upper) {
        if (!Double.isFinite(value)) {
            return inconclusive(check, window, value, estimate, lower, upper, n, "statistic is not finite");
        }
        Evidence evidence = evidence(check, window, value, estimate, lower, upper, n);
        String comparison = check.statistic() + " " + num(value) + " " + check.comparator().symbol() + " " + num(check.threshold());
        if (!check.comparator().holds(value, check.threshold())) {
            return new Evaluation(check.name(), Verdict.FAIL, false, evidence, "not " + comparison + " over " + n + " values");
        }
        boolean warning = inWarningBand(check, value);
        String reason = comparison + " over " + n + " values"
                + (warning ? ", within " + num(check.warnWithinPercent()) + "% of the threshold" : "");
        return new Evaluation(check.name(), Verdict.PASS, warning, evidence, reason);
    }

    /** True when a passing value lies within {@code warnWithinPercent} of the threshold (relative to |threshold|). */
    static boolean inWarningBand(Check check, double value) {
        double percent = check.warnWithinPercent();
        if (percent <= 0) return false;
        return Math.abs(value - check.threshold()) <= percent / 100.0 * Math.abs(check.threshold());
    }

    private static Evaluation inconclusive(Check check, Window window, double value, double estimate, double lower,
                                           double upper, int n, String reason) {
        return new Evaluation(check.name(), Verdict.INCONCLUSIVE, false,
                evidence(check, window, value, estimate, lower, upper, n), reason);
    }

    private static Evidence evidence(Check check, Window window, double value, double estimate, double lower,
                                     double upper, int n) {
        return new Evidence(check.statistic(), check.comparator(), check.threshold(), value, estimate, lower, upper, n,
                window.start(), window.end());
    }

    private static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
