package dev.assay.ranking.release;

import dev.assay.core.InvalidInputException;
import dev.assay.ranking.metrics.EvalOptions;
import dev.assay.ranking.metrics.Jaccard;
import dev.assay.ranking.metrics.Measure;
import dev.assay.ranking.metrics.Measures;
import dev.assay.ranking.metrics.PairedScores;
import dev.assay.ranking.metrics.RunEvaluation;
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
     */
    public ReleaseReport evaluate(Qrels qrels, Run production, Run candidate, ContractFile contract, double[] candidateLatencyMs,
                                  String productionLabel, String candidateLabel) {
        Objects.requireNonNull(qrels, "qrels");
        Objects.requireNonNull(contract, "contract");
        Timer.Sample sample = Timer.start(meters);
        Map<String, PairedScores> scores = new HashMap<>();
        for (String spec : qualityMeasures(contract.contract())) {
            Measure m = Measures.parse(spec).get(0);
            RunEvaluation p = TrecEval.evaluate(qrels, production, List.of(m), EvalOptions.defaults());
            RunEvaluation c = TrecEval.evaluate(qrels, candidate, List.of(m), EvalOptions.defaults());
            scores.put(spec, PairedScores.align(c, p, m));
        }
        double[] overlap = contract.contract().guards().stream().filter(g -> g instanceof Guard.Overlap)
                .map(g -> (Guard.Overlap) g).findFirst()
                .map(o -> Jaccard.perTopic(candidate, production, o.k()).values()).orElse(null);
        ReleaseInputs inputs = new ReleaseInputs(scores, contract.slices(), candidateLatencyMs, overlap, null, null);
        boolean sameId = production.runId().equals(candidate.runId());
        ReleaseReport report = ReleaseGate.evaluate(contract.contract(), inputs, sameId ? productionLabel : production.runId(),
                sameId ? candidateLabel : candidate.runId(), clock);
        sample.stop(duration);
        Counter.builder(EVALUATIONS).tag("verdict", report.verdict().name()).tag("source", source.tag())
                .description("release contract evaluations by verdict").register(meters).increment();
        return report;
    }

    /**
     * The one-guard contract of a measure without a contract file. Errors name the setting as
     * {@code prefix + name} ({@code --measure} on the command line, {@code measure} in JSON).
     */
    public static ContractFile quickContract(String measure, String method, double alpha, double margin, int resamples, long seed,
                                             String prefix) {
        if (!knownMeasure(measure)) throw new InvalidInputException(prefix + "measure: unknown measure '" + measure + "'");
        QualityMethod m;
        try {
            m = QualityMethod.valueOf(method.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(prefix + "method must be bootstrap_bca, bootstrap_percentile or randomization, but was '"
                    + method + "'");
        }
        try {
            return new ContractFile(ReleaseContract.qualityOnly(measure, m, alpha, margin, resamples, seed), Map.of());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(prefix + e.getMessage());
        }
    }

    /** Whether {@code spec} names exactly one trec_eval measure, as a quality guard needs. */
    public static boolean knownMeasure(String spec) {
        try {
            return Measures.parse(spec).size() == 1;
        } catch (InvalidInputException e) {
            return false;
        }
    }

    private static Set<String> qualityMeasures(ReleaseContract c) {
        Set<String> out = new LinkedHashSet<>();
        for (Guard g : c.guards()) if (g instanceof Guard.Quality q) out.add(q.measure());
        return out;
    }
}
