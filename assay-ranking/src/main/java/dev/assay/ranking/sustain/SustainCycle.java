package dev.assay.ranking.sustain;

import dev.assay.core.InvalidInputException;
import dev.assay.core.progress.Progress;
import dev.assay.ranking.confounding.ConfoundingAnalysis;
import dev.assay.ranking.confounding.ConfoundingReport;
import dev.assay.ranking.confounding.Strata;
import dev.assay.ranking.confounding.Unit;
import dev.assay.ranking.gating.GateAnalysis;
import dev.assay.ranking.router.ContextFeatures;
import dev.assay.ranking.router.Distillation;
import dev.assay.ranking.router.DistillationReport;
import dev.assay.ranking.gating.RoutingData;
import dev.assay.ranking.metrics.EvalOptions;
import dev.assay.ranking.metrics.Measure;
import dev.assay.ranking.metrics.Measures;
import dev.assay.ranking.metrics.PairedScores;
import dev.assay.ranking.metrics.TrecEval;
import dev.assay.ranking.release.QualityMethod;
import dev.assay.ranking.release.ReleaseContract;
import dev.assay.ranking.release.ReleaseEvaluation;
import dev.assay.ranking.release.ReleaseReport;
import dev.assay.ranking.trec.Run;
import dev.assay.ranking.trec.TopicRanking;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One sustainment cycle of a two-stage ranker, production (the first stage) and candidate
 * (the upshift): (1) audit — the release contract's quality guard re-evaluated (one-sided BCa
 * lower bound of the mean paired delta, as {@code assay rank contract}) and the confounding
 * analysis of the refreshed routing decisions (strata: first-stage confidence deciles, since
 * TREC runs and qrels carry no query text; negative controls: the first stage's own measure
 * and its top-score gap, which the upshift cannot change); (2) per-slice split-conformal
 * coverage of a gain model over first-stage-confidence terciles; (3) gating re-optimised by
 * dual ascent under the budget, with the drift from the previous cycle. Deterministic given
 * the inputs, the configuration and the clock.
 */
public final class SustainCycle {
    /** Names of the negative controls, by index. */
    static final List<String> CONTROLS = List.of("first-stage measure", "first-stage top gap");
    /** The progress task of the steps between the audit and the router: gating, confounding, coverage. */
    static final String ANALYSIS_TASK = "sustainment analysis (gating, confounding, coverage)";
    /** Slice names of the confidence terciles, lowest first. */
    public static final List<String> SLICES = List.of("confidence-low", "confidence-mid", "confidence-high");
    /** Features of the gain model, in order. */
    public static final List<String> FEATURES = List.of("confidence", "topGap");

    private SustainCycle() {}

    /** What a cycle produced: a report, or why the evidence could not support one. */
    public sealed interface Result permits Completed, Inconclusive {}

    /** Every step ran. */
    public record Completed(SustainReport report) implements Result {}

    /** The inputs hold too little evidence to run the steps (no common topics, too few to fit a model); nothing to publish. */
    public record Inconclusive(String reason) implements Result {}

    public static Result run(SustainInputs in, SustainConfig cfg, Optional<PreviousGating> previous, GainModel.Trainer trainer,
                             Clock clock) {
        return run(in, cfg, previous, trainer, Optional.empty(), clock);
    }

    public static Result run(SustainInputs in, SustainConfig cfg, Optional<PreviousGating> previous, GainModel.Trainer trainer,
                             Optional<Distillation.Config> router, Clock clock) {
        return run(in, cfg, previous, trainer, router, clock, Progress.none());
    }

    /**
     * The cycle, also refreshing the distilled router when {@code router} is given: the
     * production run's context features and the routing data's gains and costs go through
     * {@link Distillation#run}; its report (no-regret verdict and the router) joins the cycle's. The audit's
     * resampling, the analysis steps (gating, confounding, coverage) and the distillation are reported as
     * tasks of {@code progress}; the result does not depend on it.
     */
    public static Result run(SustainInputs in, SustainConfig cfg, Optional<PreviousGating> previous, GainModel.Trainer trainer,
                             Optional<Distillation.Config> router, Clock clock, Progress progress) {
        Objects.requireNonNull(progress, "progress");
        Clock now = Clock.fixed(clock.instant(), ZoneOffset.UTC); // one creation time for every part of the report
        Measure m = Measures.parseOneAveraged(cfg.measure());

        PairedScores paired = PairedScores.align(TrecEval.evaluate(in.qrels(), in.candidate(), List.of(m), EvalOptions.defaults()),
                TrecEval.evaluate(in.qrels(), in.production(), List.of(m), EvalOptions.defaults()), m);
        if (paired.size() == 0)
            return new Inconclusive("NO_DATA: " + in.productionName() + " and " + in.candidateName() + " share no judged topic");
        int routable = routableTopics(in);
        int minimum = (int) Math.ceil(trainer.minimumRows(FEATURES.size()) / cfg.split().train()) + 2;
        if (routable < minimum)
            return new Inconclusive(routable + " topics answered by both runs with at least two documents; the gain model needs at least "
                    + minimum + " (training share " + cfg.split().train() + ")");

        ReleaseContract contract = ReleaseContract.qualityOnly(m, QualityMethod.BOOTSTRAP_BCA, cfg.alpha(), cfg.margin(),
                cfg.resamples(), cfg.seed());
        ReleaseReport release = ReleaseEvaluation.evaluateScores(contract, List.of(paired),
                in.productionName(), in.candidateName(), now, progress);

        RoutingData data;
        GateAnalysis gate;
        Audit audit;
        int n;
        CoverageReport coverage;
        try (Progress.Task steps = progress.start(ANALYSIS_TASK, 3)) {
            data = RoutingData.fromRuns(in.qrels(), in.production(), in.candidate(), m, cfg.k(),
                    new RoutingData.CostModel(cfg.upshiftCostMs()));
            gate = GateAnalysis.of(data, cfg.budgetMs(), cfg.bandShare());
            steps.step(1);
            audit = confounding(in, m, data, gate.solution().theta(), release, cfg);
            steps.step(1);

            n = data.topics().size();
            double[][] features = new double[n][];
            for (int i = 0; i < n; i++) features[i] = new double[] {data.confidence()[i], data.topGap()[i]};
            try {
                coverage = ConformalCoverage.evaluate(features, data.gain(), terciles(data.confidence()), SLICES, cfg.split(), trainer,
                        cfg.band(), cfg.seed());
            } catch (InvalidInputException e) { // the data cannot support the model, e.g. collinear features
                return new Inconclusive("the gain model cannot be fitted on these topics: " + e.getMessage());
            }
            steps.step(1);
        }

        Optional<GatingDrift> drift = previous.map(p -> GatingDrift.of(p, gate.solution().theta(), gate.solution().meanGain(), data,
                cfg.budgetMs()));
        Optional<DistillationReport> distilled = router.map(c -> Distillation.run(ContextFeatures.of(in.production(), data.topics(), cfg.k()),
                data.gain(), data.cost(), c, progress));
        return new Completed(new SustainReport(cfg, in.files(), in.productionName(), in.candidateName(), n, audit, coverage, gate,
                drift, distilled, now.instant()));
    }

    private static int routableTopics(SustainInputs in) {
        int n = 0;
        for (String t : in.production().topics()) {
            TopicRanking first = in.production().ranking(t);
            if (in.candidate().ranking(t) != null && in.qrels().hasTopic(t) && first.size() >= 2) n++;
        }
        return n;
    }

    /** Units: stratum = confidence decile, treated = upshifted at theta, outcome = the measure the routed system delivers. */
    private static Audit confounding(SustainInputs in, Measure m, RoutingData data, double theta, ReleaseReport release,
                                     SustainConfig cfg) {
        int n = data.topics().size();
        int[] decile = Strata.deciles(data.confidence());
        Run first = in.production();
        List<Unit> units = new ArrayList<>(n);
        Map<Integer, int[]> arms = new HashMap<>();
        int treated = 0;
        for (int i = 0; i < n; i++) {
            double firstStage = TrecEval.evaluateTopic(in.qrels(), first.ranking(data.topics().get(i)), m, 1);
            boolean up = data.confidence()[i] < theta;
            if (up) treated++;
            arms.computeIfAbsent(decile[i], d -> new int[2])[up ? 1 : 0]++;
            units.add(new Unit("d" + decile[i], up, up ? firstStage + data.gain()[i] : firstStage,
                    new double[] {firstStage, data.topGap()[i]}));
        }
        double replay = 0;
        int usable = 0;
        for (int i = 0; i < n; i++) {
            int[] a = arms.get(decile[i]);
            if (a[0] > 0 && a[1] > 0) {
                replay += data.gain()[i];
                usable++;
            }
        }
        ConfoundingReport report = ConfoundingAnalysis.run(units, cfg.permutations(), cfg.seed());
        return new Audit(release, report, treated, usable == 0 ? Double.NaN : replay / usable);
    }

    /** Tercile label of each value by rank (ties share the lower tercile). */
    static String[] terciles(double[] values) {
        int[] bin = Strata.quantiles(values, 3);
        String[] out = new String[values.length];
        for (int i = 0; i < values.length; i++) out[i] = SLICES.get(bin[i]);
        return out;
    }
}
