package dev.assay.ranking.release;

import dev.assay.core.InvalidInputException;
import dev.assay.core.progress.Progress;
import dev.assay.ranking.metrics.EvalOptions;
import dev.assay.ranking.metrics.Jaccard;
import dev.assay.ranking.metrics.Measure;
import dev.assay.ranking.metrics.PairedScores;
import dev.assay.ranking.metrics.RunScores;
import dev.assay.ranking.metrics.TrecEval;
import dev.assay.ranking.trec.Qrels;
import dev.assay.ranking.trec.Run;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The one evaluation path of a release decision, shared by {@code assay rank contract} and
 * {@code POST /api/v1/ranking/contract/evaluate}: qrels and the two runs -> per-topic scores of
 * every measure a quality guard names ({@link PairedScores}) and, for an overlap guard, per-topic
 * Jaccard@k -> {@link ReleaseInputs} -> {@link ReleaseGate}. Each evaluation increments
 * {@value #EVALUATIONS} (tags {@code verdict}, {@code source}) and records its duration in the
 * timer {@value #DURATION} (tag {@code source}); an evaluation refused for bad input counts in neither.
 */
public final class ReleaseEvaluation {
    /** Counter of evaluations, tagged by verdict and source. */
    public static final String EVALUATIONS = "assay.ranking.contract.evaluations";
    /** Timer of evaluation duration, tagged by source. */
    public static final String DURATION = "assay.ranking.contract.evaluation.duration";
    /** Candidate latencies must be below this many milliseconds (about 11.6 days); a larger one is a unit error. */
    public static final double MAX_LATENCY_MS = 1e9;

    /** Who asked for an evaluation. */
    public enum Source {
        CLI, HTTP;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Clock clock;
    private final MeterRegistry meters;
    private final Source source;
    private final Timer duration;

    private ReleaseEvaluation(Clock clock, MeterRegistry meters, Source source) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.meters = Objects.requireNonNull(meters, "meters");
        this.source = Objects.requireNonNull(source, "source");
        this.duration = Timer.builder(DURATION).tag("source", source.tag())
                .description("time to evaluate a release contract, parsing excluded").register(meters);
    }

    /** An evaluation service timestamping reports with {@code clock} and counting into {@code meters}. */
    public static ReleaseEvaluation create(Clock clock, MeterRegistry meters, Source source) {
        return new ReleaseEvaluation(clock, meters, source);
    }

    /**
     * The release report of {@code candidate} against {@code production} under {@code contract}.
     * Reports name the rankers by run id, or by {@code productionLabel} / {@code candidateLabel}
     * when both runs carry the same id. No common topic gives INCONCLUSIVE with NO_DATA guards.
     * An {@link InvalidInputException} when the candidate ranks every topic exactly as production does
     * (it is production itself), or a latency is not as {@link #requireLatency} accepts.
     */
    public ReleaseReport evaluate(Qrels qrels, Run production, Run candidate, ReleaseContract contract, double[] candidateLatencyMs,
                                  String productionLabel, String candidateLabel) {
        return evaluate(qrels, production, candidate, contract, candidateLatencyMs, productionLabel, candidateLabel, Progress.none());
    }

    /**
     * As {@link #evaluate(Qrels, Run, Run, ReleaseContract, double[], String, String)}, reporting the resampling
     * to {@code progress}; the report does not depend on it.
     */
    public ReleaseReport evaluate(Qrels qrels, Run production, Run candidate, ReleaseContract contract, double[] candidateLatencyMs,
                                  String productionLabel, String candidateLabel, Progress progress) {
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(qrels, "qrels");
        Objects.requireNonNull(contract, "contract");
        boolean sameId = production.runId().equals(candidate.runId());
        String productionName = sameId ? productionLabel : production.runId();
        String candidateName = sameId ? candidateLabel : candidate.runId();
        requireDistinct(production, candidate, candidateName);
        Timer.Sample sample = Timer.start(meters);
        Map<Measure, PairedScores> scores = new HashMap<>();
        for (Measure m : qualityMeasures(contract)) {
            RunScores p = TrecEval.evaluate(qrels, production, List.of(m), EvalOptions.defaults());
            RunScores c = TrecEval.evaluate(qrels, candidate, List.of(m), EvalOptions.defaults());
            scores.put(m, PairedScores.align(c, p, m));
        }
        double[] overlap = contract.guards().stream().filter(g -> g instanceof Guard.Overlap)
                .map(g -> (Guard.Overlap) g).findFirst()
                .map(o -> Jaccard.perTopic(candidate, production, o.k()).values()).orElse(null);
        ReleaseInputs inputs = new ReleaseInputs(scores, contract.slices(), candidateLatencyMs, overlap, null, null);
        ReleaseReport report = ReleaseGate.evaluate(contract, inputs, productionName, candidateName, clock, progress);
        sample.stop(duration);
        Counter.builder(EVALUATIONS).tag("verdict", report.verdict().name()).tag("source", source.tag())
                .description("release contract evaluations by verdict").register(meters).increment();
        return report;
    }

    /**
     * The report of {@code contract} on per-topic scores already computed (one {@link PairedScores} per
     * measure its quality guards name), the rankers named {@code production} and {@code candidate}:
     * the gate without runs, as the sustainment cycle's audit uses it.
     */
    public static ReleaseReport evaluateScores(ReleaseContract contract, List<PairedScores> scores, String production,
                                               String candidate, Clock clock) {
        return evaluateScores(contract, scores, production, candidate, clock, Progress.none());
    }

    /** As {@link #evaluateScores(ReleaseContract, List, String, String, Clock)}, reporting the resampling to {@code progress}. */
    public static ReleaseReport evaluateScores(ReleaseContract contract, List<PairedScores> scores, String production,
                                               String candidate, Clock clock, Progress progress) {
        return ReleaseGate.evaluate(contract, ReleaseInputs.ofScores(scores.toArray(PairedScores[]::new)), production, candidate,
                clock, Objects.requireNonNull(progress, "progress"));
    }

    /**
     * The one check that a candidate is not the production ranker itself: an {@link InvalidInputException}
     * naming {@code candidateName} when {@code candidate} ranks every topic exactly as {@code production}
     * (whether it is the same file, the same text, or a copy under another run id).
     */
    public static void requireDistinct(Run production, Run candidate, String candidateName) {
        if (production.sameRankings(candidate)) throw ReleaseGate.comparedWithItself(candidateName);
    }

    /**
     * Checks one candidate latency as every path reads it (a file of latencies, a JSON array): a
     * finite number of milliseconds, at least 0 and below {@value #MAX_LATENCY_MS} (larger is a unit
     * error); an {@link InvalidInputException} starting with {@code where} otherwise.
     */
    public static void requireLatency(double ms, String where) {
        if (!(ms >= 0 && ms < MAX_LATENCY_MS))
            throw new InvalidInputException(where + " must be a finite number >= 0 ms, but was " + ms
                    + (ms >= MAX_LATENCY_MS ? ", at or above the limit of " + MAX_LATENCY_MS + " ms" : ""));
    }

    /**
     * The one-guard contract of a measure without a contract file; an absent (null) setting takes
     * its {@code ReleaseContract.DEFAULT_*}. Errors name the setting as {@code prefix + name}
     * ({@code --measure} on the command line, {@code measure} in JSON).
     */
    public static ReleaseContract quickContract(String measure, String method, Double alpha, Double margin, Integer resamples,
                                                Long seed, String prefix) {
        String spec = measure == null ? ReleaseContract.DEFAULT_MEASURE : measure;
        String methodName = method == null ? ReleaseContract.DEFAULT_METHOD : method;
        Measure m = ReleaseContract.guardMeasure(spec)
                .orElseThrow(() -> new InvalidInputException(prefix + "measure: unknown measure '" + spec + "'"));
        QualityMethod qm;
        try {
            qm = QualityMethod.valueOf(methodName.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(prefix + "method must be bootstrap_bca, bootstrap_percentile or randomization, but was '"
                    + methodName + "'");
        }
        try {
            return ReleaseContract.qualityOnly(m, qm, alpha == null ? ReleaseContract.DEFAULT_ALPHA : alpha,
                    margin == null ? ReleaseContract.DEFAULT_MARGIN : margin,
                    resamples == null ? ReleaseContract.DEFAULT_RESAMPLES : resamples, seed == null ? ReleaseContract.DEFAULT_SEED : seed);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(prefix + e.getMessage());
        }
    }

    private static Set<Measure> qualityMeasures(ReleaseContract c) {
        Set<Measure> out = new LinkedHashSet<>();
        for (Guard g : c.guards()) if (g instanceof Guard.Quality q) out.add(q.measure());
        return out;
    }
}
