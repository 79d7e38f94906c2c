package dev.assay.ranking.monitor;

import dev.assay.core.alert.Severity;
import dev.assay.core.contract.Action;
import dev.assay.core.contract.Check;
import dev.assay.core.contract.Contract;
import dev.assay.core.contract.ContractMonitor;
import dev.assay.core.contract.Evaluation;
import dev.assay.core.contract.Evidence;
import dev.assay.core.contract.Observation;
import dev.assay.core.contract.Op;
import dev.assay.core.contract.Statistic;
import dev.assay.core.contract.Trigger;
import dev.assay.core.contract.TriggerEvent;
import dev.assay.core.contract.Verdict;
import dev.assay.core.contract.Window;
import dev.assay.core.contract.WindowReport;
import dev.assay.core.stats.Calibration;
import dev.assay.core.stats.Interval;
import dev.assay.core.stats.MixtureSprt;
import dev.assay.core.stats.PairedBootstrap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The monitor's decisions without side effects: turns each closed window into four evaluations whose
 * streaks the core {@link ContractMonitor} keeps, plus the mixture SPRT over all gains.
 *
 * <p>quality.lcb: one-sided percentile paired-bootstrap lower bound (Efron 1979) at 1 - alpha on the
 * window's mean gain, seeded {@code seed + window index}; FAIL when below {@code -qualityMargin}. This is
 * the design's window rule; it is a fixed-level test repeated every window, so it does not control the
 * false-rollback rate over a long canary. quality.sequential: the always-valid mixture SPRT (Johari et al.
 * 2022) over every gain in arrival order; it rolls back when its current likelihood ratio reaches
 * 1/alpha with a negative mean gain, which under no regression happens with probability at most alpha
 * however often it is checked (Ville's inequality); EMERGENCY when the mean gain is at or below
 * {@code -emergencyEffect}. Not thread-safe.
 */
final class MonitorEngine {
    static final String QUALITY = "quality.lcb";
    static final String LATENCY = "latency.p95";
    static final String OVERLAP = "overlap.jaccard10";
    static final String CALIBRATION = "calibration.ece";
    static final String SEQUENTIAL = "quality.sequential";
    static final String GAIN_METRIC = "gain";
    static final String LATENCY_METRIC = "latency_ms";
    static final String OVERLAP_METRIC = "jaccard10";
    static final String CALIBRATION_METRIC = "calibration";
    static final String CANDIDATE_SLICE = "candidate";
    static final String CORRECT_SLICE = "correct";
    static final String INCORRECT_SLICE = "incorrect";

    private final MonitorConfig config;
    private final ContractMonitor contract;
    private final MixtureSprt sprt;
    private long windowIndex;
    private boolean sequentialFired;

    MonitorEngine(MonitorConfig config) {
        this.config = config;
        this.contract = ContractMonitor.of(contract(config));
        this.sprt = MixtureSprt.estimatedVariance(config.sequentialTauSquared(), config.sequentialBurnIn());
    }

    private MonitorEngine(MonitorConfig config, State s) {
        this.config = config;
        this.contract = ContractMonitor.resume(contract(config), s.contract());
        this.sprt = MixtureSprt.estimatedVariance(config.sequentialTauSquared(), config.sequentialBurnIn()).resume(s.sequential());
        this.windowIndex = s.windowIndex();
        this.sequentialFired = s.sequentialFired();
    }

    /** The engine's state: windows processed, whether the sequential test fired, every trigger's streak, the sequential test. */
    public record State(long windowIndex, boolean sequentialFired, ContractMonitor.State contract, MixtureSprt.State sequential) {}

    State state() {
        return new State(windowIndex, sequentialFired, contract.state(), sprt.state());
    }

    static MonitorEngine resume(MonitorConfig config, State s) {
        return new MonitorEngine(config, java.util.Objects.requireNonNull(s, "state"));
    }

    static Contract contract(MonitorConfig c) {
        Check.Builder quality = Check.builder(QUALITY).metric(GAIN_METRIC)
                .require(Statistic.MEAN_LCB, Op.GE, 0.0 - c.qualityMargin()).minSamples(c.minQueries()).confidence(1 - c.alpha());
        if (c.qualityStreak() > 0) {
            quality.trigger(Trigger.consecutive(c.qualityStreak(), Action.ROLLBACK, Severity.CRITICAL).withGaps(c.onNoData(), c.onInconclusive()));
        }
        Check latency = Check.builder(LATENCY).metric(LATENCY_METRIC).require(Statistic.P95, Op.LE, c.latencyP95LimitMs())
                .minSamples(c.minQueries()).warnWithinPercent(c.latencyWarnPercent())
                .trigger(Trigger.failingFor(c.latencyFor(), Action.ROLLBACK, Severity.CRITICAL).withGaps(c.onNoData(), c.onInconclusive()))
                .build();
        Check.Builder overlap = Check.builder(OVERLAP).metric(OVERLAP_METRIC).require(Statistic.MEAN, Op.GE, c.jaccardMin())
                .minSamples(c.minQueries())
                .trigger(Trigger.consecutive(1, Action.ALERT, Severity.WARNING).withGaps(c.onNoData(), c.onInconclusive()));
        if (c.jaccardEscalateAfter() > 0) {
            overlap.trigger(Trigger.consecutive(c.jaccardEscalateAfter(), c.jaccardEscalationAction(), c.jaccardEscalation())
                    .withGaps(c.onNoData(), c.onInconclusive()));
        }
        // ECE is the mean over predictions of their bin's |accuracy - confidence|, hence MEAN.
        Check calibration = Check.builder(CALIBRATION).metric(CALIBRATION_METRIC).require(Statistic.MEAN, Op.LE, c.maxEce())
                .minSamples(c.minCalibrationPairs())
                .trigger(Trigger.consecutive(1, Action.ALERT, Severity.WARNING).withGaps(c.onNoData(), c.onInconclusive()))
                .build();
        return new Contract("ranking.monitor", c.window(), List.of(quality.build(), latency, overlap.build(), calibration));
    }

    /** Evaluates one closed window (windows in time order) and advances every trigger. */
    WindowResult process(Window window) {
        long index = windowIndex++;
        Contract c = contract.contract();
        double[] gains = values(window, GAIN_METRIC);
        List<Evaluation> evaluations = List.of(
                quality(c.check(QUALITY), window, gains, index),
                c.check(LATENCY).evaluate(window),
                c.check(OVERLAP).evaluate(window),
                calibration(c.check(CALIBRATION), window));
        WindowReport report = contract.record(window.start(), window.end(), evaluations);
        List<Firing> firings = new ArrayList<>();
        for (TriggerEvent e : report.events()) {
            firings.add(new Firing(e.check() + ":" + e.severity().name().toLowerCase(Locale.ROOT), e.severity(), e.action(), e.at(),
                    e.evaluation().reason() + "; " + e.failingWindows() + " failing windows since " + e.failingSince()));
        }
        for (Evaluation e : evaluations) {
            if (e.warning()) {
                firings.add(new Firing(e.check() + ":band", Severity.WARNING, Action.ALERT, window.end(), e.reason()));
            }
        }
        for (double g : gains) sprt.update(g);
        SequentialStatus seq = sequential();
        if (seq.rejected() && !sequentialFired) {
            sequentialFired = true;
            Severity severity = seq.meanGain() <= -config.emergencyEffect() ? Severity.EMERGENCY : Severity.CRITICAL;
            firings.add(new Firing(SEQUENTIAL + ":" + severity.name().toLowerCase(Locale.ROOT), severity, Action.ROLLBACK, window.end(),
                    String.format(Locale.ROOT, "mixture SPRT rejects no regression: mean gain %.5f over %d queries, "
                                    + "likelihood ratio %.3g >= 1/alpha = %.3g, always-valid p %.3g",
                            seq.meanGain(), seq.gains(), Math.exp(seq.logLikelihoodRatio()), 1 / config.alpha(), seq.pValue())));
        }
        int observations = 0;
        for (String m : List.of(GAIN_METRIC, LATENCY_METRIC, OVERLAP_METRIC, CALIBRATION_METRIC)) {
            observations = Math.max(observations, values(window, m).length);
        }
        return new WindowResult(window.start(), window.end(), observations, evaluations, seq, firings);
    }

    /** The sequential test now; rejected when the current likelihood ratio reaches 1/alpha and the mean gain is negative. */
    SequentialStatus sequential() {
        boolean rejected = sprt.count() >= config.sequentialBurnIn()
                && sprt.logLikelihoodRatio() >= Math.log(1 / config.alpha()) && sprt.mean() < 0;
        return new SequentialStatus(sprt.count(), sprt.mean(), sprt.pValue(), sprt.logLikelihoodRatio(), rejected);
    }

    /** Failing windows in the current episode of {@code check}. */
    int failingWindows(String check) {
        return contract.failingWindows(check);
    }

    private Evaluation quality(Check check, Window w, double[] gains, long index) {
        int n = gains.length;
        double threshold = check.threshold();
        if (n == 0) {
            return new Evaluation(QUALITY, Verdict.NO_DATA, false, evidence(check, w, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0),
                    "no gains in this window");
        }
        double mean = 0;
        for (double g : gains) mean += g;
        mean /= n;
        if (n < check.minSamples()) {
            return new Evaluation(QUALITY, Verdict.INCONCLUSIVE, false, evidence(check, w, Double.NaN, mean, Double.NaN, Double.NaN, n),
                    n + " gains, fewer than minQueries " + check.minSamples());
        }
        PairedBootstrap b = PairedBootstrap.ofDeltas(gains, config.resamples(), config.seed() + index);
        double lcb = b.lowerBound(Interval.PERCENTILE, config.alpha()).lower();
        double ucb = b.upperBound(Interval.PERCENTILE, config.alpha()).upper();
        Evidence e = evidence(check, w, lcb, b.mean(), lcb, ucb, n);
        String numbers = String.format(Locale.ROOT, "bootstrap LCB %.5f (mean %.5f, UCB %.5f, %d gains, alpha %s)",
                lcb, b.mean(), ucb, n, config.alpha());
        if (lcb < threshold) {
            return new Evaluation(QUALITY, Verdict.FAIL, false, e, numbers + " < " + threshold);
        }
        boolean warning = lcb < threshold + config.qualityWarnBand();
        return new Evaluation(QUALITY, Verdict.PASS, warning, e,
                numbers + " >= " + threshold + (warning ? ", within " + config.qualityWarnBand() + " of it" : ""));
    }

    private Evaluation calibration(Check check, Window w) {
        List<Observation> pairs = w.observations().stream().filter(o -> o.metric().equals(CALIBRATION_METRIC)).toList();
        int n = pairs.size();
        if (n == 0) {
            return new Evaluation(CALIBRATION, Verdict.NO_DATA, false,
                    evidence(check, w, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0), "no calibration pairs in this window");
        }
        if (n < check.minSamples()) {
            return new Evaluation(CALIBRATION, Verdict.INCONCLUSIVE, false,
                    evidence(check, w, Double.NaN, Double.NaN, Double.NaN, Double.NaN, n),
                    n + " calibration pairs, fewer than minCalibrationPairs " + check.minSamples());
        }
        double[] confidence = new double[n];
        boolean[] correct = new boolean[n];
        for (int i = 0; i < n; i++) {
            confidence[i] = pairs.get(i).value();
            correct[i] = pairs.get(i).slice().equals(CORRECT_SLICE);
        }
        double ece = Calibration.error(confidence, correct, config.calibrationBinning(), config.calibrationBins()).ece();
        Evidence e = evidence(check, w, ece, ece, Double.NaN, Double.NaN, n);
        String numbers = String.format(Locale.ROOT, "%s calibration error %.5f over %d pairs, K=%d bins",
                config.calibrationBinning(), ece, n, config.calibrationBins());
        return ece <= check.threshold()
                ? new Evaluation(CALIBRATION, Verdict.PASS, false, e, numbers + " <= " + check.threshold())
                : new Evaluation(CALIBRATION, Verdict.FAIL, false, e, numbers + " > " + check.threshold());
    }

    private static Evidence evidence(Check check, Window w, double value, double estimate, double lower, double upper, int n) {
        return new Evidence(check.statistic(), check.comparator(), check.threshold(), value, estimate, lower, upper, n, w.start(), w.end());
    }

    private static double[] values(Window w, String metric) {
        return w.observations().stream().filter(o -> o.metric().equals(metric)).mapToDouble(Observation::value).toArray();
    }
}
