package dev.assay.ranking.gating;

import dev.assay.core.InvalidInputException;
import dev.assay.ranking.metrics.Measure;
import dev.assay.ranking.metrics.TrecEval;
import dev.assay.ranking.trec.Qrels;
import dev.assay.ranking.trec.Run;
import dev.assay.ranking.trec.TopicRanking;
import java.util.ArrayList;
import java.util.List;

/**
 * A routing problem built from two real runs over the same topics: a cheap first stage and
 * a stronger ranker a query can be upshifted to. Per topic: the first stage's confidence
 * (computed from its own scores only, as a router would see it before deciding), the gain
 * of upshifting (the stronger ranker's measure minus the first stage's), and the cost of
 * upshifting from a stated cost model. Only topics judged in the qrels and answered by both
 * runs are used.
 *
 * <p>Confidence = 1 - H / log(k): one minus the normalised Shannon entropy of the softmax of
 * the first stage's top-k scores after min-max scaling to [0, 1] with temperature 0.1 —
 * near 1 when one document stands out, near 0 when the top k are indistinguishable.
 */
public record RoutingData(List<String> topics, double[] confidence, double[] gain, double[] cost, double[] topGap) {
    public RoutingData {
        topics = List.copyOf(topics);
    }

    /** The cost model: a fixed latency per upshifted query (ms). */
    public record CostModel(double upshiftMs) {
        public CostModel {
            if (!(upshiftMs > 0)) throw new InvalidInputException("upshift cost must be > 0 ms, but was " + upshiftMs);
        }
    }

    public static RoutingData fromRuns(Qrels qrels, Run firstStage, Run upshift, Measure measure, int k, CostModel cost) {
        if (k < 2) throw new InvalidInputException("k must be >= 2, but was " + k);
        List<String> topics = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        for (String t : firstStage.topics()) {
            TopicRanking first = firstStage.ranking(t);
            TopicRanking up = upshift.ranking(t);
            if (up == null || !qrels.hasTopic(t) || first.size() < 2) continue;
            double gain = TrecEval.evaluateTopic(qrels, up, measure, 1) - TrecEval.evaluateTopic(qrels, first, measure, 1);
            topics.add(t);
            rows.add(new double[] {confidence(first, k), gain, cost.upshiftMs(), topGap(first, k)});
        }
        if (topics.isEmpty())
            throw new InvalidInputException("NO_DATA: runs " + firstStage.runId() + " and " + upshift.runId()
                    + " share no judged topic with at least two documents");
        int n = topics.size();
        double[] c = new double[n], g = new double[n], co = new double[n], gap = new double[n];
        for (int i = 0; i < n; i++) {
            c[i] = rows.get(i)[0];
            g[i] = rows.get(i)[1];
            co[i] = rows.get(i)[2];
            gap[i] = rows.get(i)[3];
        }
        return new RoutingData(topics, c, g, co, gap);
    }

    GatingProblem problem() {
        return new GatingProblem(confidence, gain, cost);
    }

    public static double confidence(TopicRanking r, int k) {
        int m = Math.min(k, r.size());
        double hi = r.score(0);
        double lo = r.score(m - 1);
        double range = hi - lo;
        if (!(range > 0)) return 0;
        double[] w = new double[m];
        double sum = 0;
        for (int i = 0; i < m; i++) {
            w[i] = Math.exp(((r.score(i) - lo) / range - 1) / 0.1);
            sum += w[i];
        }
        double h = 0;
        for (int i = 0; i < m; i++) {
            double p = w[i] / sum;
            if (p > 0) h -= p * Math.log(p);
        }
        return 1 - h / Math.log(m);
    }

    /** (score1 - score2) / (score1 - score_k): how far the top document stands out. */
    public static double topGap(TopicRanking r, int k) {
        int m = Math.min(k, r.size());
        double range = r.score(0) - r.score(m - 1);
        return range > 0 ? (r.score(0) - r.score(1)) / range : 0;
    }
}
