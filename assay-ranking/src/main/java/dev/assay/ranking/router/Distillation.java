package dev.assay.ranking.router;

import dev.assay.core.InvalidInputException;
import dev.assay.core.contract.Verdict;
import dev.assay.core.progress.Progress;
import dev.assay.core.stats.ConfidenceBound;
import dev.assay.core.stats.Interval;
import dev.assay.core.stats.PairedBootstrap;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Router distillation with a no-regret gate. The teacher ({@link MonotoneGbm}) learns the
 * per-query upshift gain from context features; the student ({@link AdditiveRouter}) is fitted
 * to the teacher's predictions and quantised to INT8 tables ({@link Int8Router}). Each model's
 * routing policy is its own threshold fitted under the spend budget ({@link RoutingPolicy}).
 *
 * <p>Evidence is cross-fitted (K folds over topics, seeded): in each fold the teacher, the
 * student, and both thresholds are fitted on the other folds and applied to the held-out
 * topics, so every topic's realised gain under each policy is out of sample. The no-regret
 * gate is the one-sided BCa bootstrap lower confidence bound of the mean per-topic difference
 * (INT8 student's realised gain minus the teacher's): PASS when it is at least {@code -margin}
 * and monotonicity holds on a dense grid for the teacher, the piecewise-linear student and the
 * INT8 tables. The shipped router is then refitted on all topics.
 */
public final class Distillation {
    private Distillation() {}

    /**
     * @param folds          cross-fitting folds (2..n)
     * @param segments       piecewise-linear segments per feature (the design's 16)
     * @param cells          INT8 cells per feature table
     * @param sweeps         backfitting sweeps
     * @param budget         mean upshift cost allowed per query (same unit as the costs)
     * @param minGain        the policies never upshift a query predicted to gain less
     * @param margin         no-regret margin in the measure's units (0.0005 = 0.05 points of nDCG)
     * @param resamples      bootstrap resamples of the no-regret bound (at least 10)
     * @param gridPoints     dense-grid points per constrained feature for the monotonicity checks
     */
    public record Config(int folds, int segments, int cells, int sweeps, MonotoneGbm.Params gbm, double budget, double minGain,
                         double margin, double alpha, int resamples, long seed, int gridPoints) {
        public Config {
            if (folds < 2) throw new InvalidInputException("folds must be >= 2, but was " + folds);
            if (segments < 1 || segments > 256) throw new InvalidInputException("segments must be in 1..256, but was " + segments);
            if (cells < 2 || cells > 1 << 16) throw new InvalidInputException("cells must be in 2..65536, but was " + cells);
            if (!(budget >= 0)) throw new InvalidInputException("budget must be >= 0, but was " + budget);
            if (!Double.isFinite(minGain)) throw new InvalidInputException("min gain must be finite, but was " + minGain);
            if (!(margin >= 0)) throw new InvalidInputException("margin must be >= 0, but was " + margin);
            if (!(alpha > 0 && alpha < 0.5)) throw new InvalidInputException("alpha must be in (0, 0.5), but was " + alpha);
            if (resamples < 10) throw new InvalidInputException("resamples must be >= 10, but was " + resamples);
            if (gridPoints < 2) throw new InvalidInputException("grid points must be >= 2, but was " + gridPoints);
        }

        public static Config defaults(double budget, long seed) {
            return new Config(5, 16, 1024, 20, MonotoneGbm.Params.defaults(seed), budget, 0, 0.0005, 0.05, 10_000, seed, 2_000);
        }
    }

    /** The routing policies compared out of fold. */
    public enum Policy {
        TEACHER("teacher (monotone GBM)"),
        PIECEWISE_LINEAR("16-segment piecewise-linear"),
        INT8("INT8 tables"),
        /** The plain gating baseline: upshift the least confident queries (needs a {@code confidence} feature). */
        CONFIDENCE("confidence threshold"),
        ALWAYS("always upshift");

        private final String label;

        Policy(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** Out-of-fold outcome of one policy: mean realised gain, upshift rate and mean cost per query. */
    public record PolicyOutcome(Policy policy, double meanGain, double upshiftRate, double meanCost) {}

    public static DistillationReport run(ContextFeatures features, double[] gain, double[] cost, Config c) {
        return run(features, gain, cost, c, Progress.none());
    }

    /**
     * As {@link #run(ContextFeatures, double[], double[], Config)}, reporting the folds, the refit on all topics
     * and the bootstrap as tasks of {@code progress}; the report does not depend on it.
     */
    public static DistillationReport run(ContextFeatures features, double[] gain, double[] cost, Config c, Progress progress) {
        Objects.requireNonNull(progress, "progress");
        int n = features.size();
        if (gain.length != n || cost.length != n)
            throw new InvalidInputException("one gain and one cost per topic are needed, but had " + gain.length + " and " + cost.length + " for " + n);
        long distinct = features.topics().stream().distinct().count();
        if (distinct < 2L * c.folds())
            throw new InvalidInputException("need at least " + 2 * c.folds() + " topics for " + c.folds() + " folds, but had " + distinct);
        int[] fold = folds(features.topics(), c.folds(), c.seed());
        int confidenceColumn = features.names().indexOf("confidence");
        double[][] x = features.rows();
        boolean[][] up = new boolean[Policy.values().length][n];
        java.util.Arrays.fill(up[Policy.ALWAYS.ordinal()], true);
        double pwlTeacherSq = 0;
        double int8PwlMax = 0;
        Models shipped;
        try (Progress.Task fits = progress.start("router distillation (cross-fitted folds, then the refit)", c.folds() + 1L)) {
            for (int k = 0; k < c.folds(); k++) {
                int[] train = indices(fold, k, false);
                int[] test = indices(fold, k, true);
                double[][] xTrain = features.rows(train);
                double[][] xTest = features.rows(test);
                double[] gTrain = pick(gain, train);
                double[] cTrain = pick(cost, train);
                Models m = fit(features, xTrain, gTrain, cTrain, c);
                double[] tTest = m.teacher.predict(xTest);
                double[] sTest = m.pwl.apply(xTest);
                double[] qTest = m.int8.apply(xTest);
                for (int i = 0; i < test.length; i++) {
                    up[Policy.TEACHER.ordinal()][test[i]] = m.teacherPolicy.upshift(tTest[i]);
                    up[Policy.PIECEWISE_LINEAR.ordinal()][test[i]] = m.pwlPolicy.upshift(sTest[i]);
                    up[Policy.INT8.ordinal()][test[i]] = m.int8Policy.upshift(qTest[i]);
                    pwlTeacherSq += (sTest[i] - tTest[i]) * (sTest[i] - tTest[i]);
                    int8PwlMax = Math.max(int8PwlMax, Math.abs(qTest[i] - sTest[i]));
                }
                if (confidenceColumn >= 0) {
                    // The gating baseline: upshift the least confident queries (higher prediction = lower confidence).
                    double[] lowConfidence = negate(column(xTrain, confidenceColumn));
                    RoutingPolicy base = RoutingPolicy.fit(lowConfidence, gTrain, cTrain, c.budget(), Double.NEGATIVE_INFINITY);
                    for (int t : test) up[Policy.CONFIDENCE.ordinal()][t] = base.upshift(-x[t][confidenceColumn]);
                }
                fits.step(1);
            }
            shipped = fit(features, x, gain, cost, c);
            fits.step(1);
        }
        List<PolicyOutcome> outcomes = new ArrayList<>();
        for (Policy p : Policy.values())
            if (p != Policy.CONFIDENCE || confidenceColumn >= 0) outcomes.add(outcome(p, up[p.ordinal()], gain, cost));

        boolean[] teacherUp = up[Policy.TEACHER.ordinal()];
        boolean[] int8Up = up[Policy.INT8.ordinal()];
        double[] deltas = new double[n];
        int agree = 0;
        for (int i = 0; i < n; i++) {
            deltas[i] = (int8Up[i] ? gain[i] : 0) - (teacherUp[i] ? gain[i] : 0);
            if (teacherUp[i] == int8Up[i]) agree++;
        }
        ConfidenceBound lcb;
        try (Progress.Task task = progress.start("router no-regret bootstrap (resamples)", c.resamples())) {
            lcb = PairedBootstrap.ofDeltas(deltas, c.resamples(), c.seed(), task).lowerBound(Interval.BCA, c.alpha());
        }

        double[][] anchors = anchors(x, 16, c.seed());
        String teacherViolation = violation(shipped.teacher::predict, features, shipped.pwl.shapes(), anchors, c.gridPoints());
        String pwlViolation = violation(shipped.pwl::apply, features, shipped.pwl.shapes(), anchors, c.gridPoints());
        String int8Violation = violation(shipped.int8::apply, features, shipped.pwl.shapes(), anchors, c.gridPoints());
        boolean monotone = teacherViolation == null && pwlViolation == null && int8Violation == null;
        Verdict verdict = monotone && lcb.lower() >= -c.margin() ? Verdict.PASS : Verdict.FAIL;
        return new DistillationReport(n, c, features.names(), features.monotone(), outcomes, lcb, agree / (double) n,
                Math.sqrt(pwlTeacherSq / n), int8PwlMax, shipped.int8.errorBound(), teacherViolation, pwlViolation,
                int8Violation, verdict, shipped.teacher, shipped.pwl, shipped.int8, shipped.int8Policy);
    }

    private record Models(MonotoneGbm teacher, AdditiveRouter pwl, Int8Router int8, RoutingPolicy teacherPolicy,
                          RoutingPolicy pwlPolicy, RoutingPolicy int8Policy) {}

    private static Models fit(ContextFeatures f, double[][] x, double[] gain, double[] cost, Config c) {
        MonotoneGbm teacher = MonotoneGbm.fit(x, gain, f.monotone(), c.gbm());
        double[] t = teacher.predict(x);
        AdditiveRouter pwl = AdditiveRouter.distil(f.names(), f.monotone(), x, t, c.segments(), c.sweeps());
        Int8Router int8 = pwl.quantise(c.cells());
        // Each model's threshold is fitted the same way, on its own predictions: the gate compares policies, not scores.
        return new Models(teacher, pwl, int8, RoutingPolicy.fit(t, gain, cost, c.budget(), c.minGain()),
                RoutingPolicy.fit(pwl.apply(x), gain, cost, c.budget(), c.minGain()),
                RoutingPolicy.fit(int8.apply(x), gain, cost, c.budget(), c.minGain()));
    }

    private static PolicyOutcome outcome(Policy policy, boolean[] up, double[] gain, double[] cost) {
        int n = up.length;
        double g = 0, co = 0;
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (!up[i]) continue;
            g += gain[i];
            co += cost[i];
            count++;
        }
        return new PolicyOutcome(policy, g / n, (double) count / n, co / n);
    }

    /**
     * The first grid point where a constrained feature moves {@code f} against its direction,
     * holding the other features at each anchor row; null when there is none. The grid spans each
     * feature's knot range widened by a quarter on each side, in {@code points} steps.
     */
    static String violation(Function<double[][], double[]> f, ContextFeatures features, List<PiecewiseLinear> ranges,
                            double[][] anchors, int points) {
        int[] mono = features.monotone();
        for (int j = 0; j < mono.length; j++) {
            if (mono[j] == 0) continue;
            double[] b = ranges.get(j).breakpoints();
            double pad = (b[b.length - 1] - b[0]) / 4;
            double lo = b[0] - pad;
            double hi = b[b.length - 1] + pad;
            double[][] grid = new double[anchors.length * points][];
            for (int a = 0; a < anchors.length; a++) {
                for (int p = 0; p < points; p++) {
                    double[] row = anchors[a].clone();
                    row[j] = Monotonicity.gridPoint(lo, hi, points, p);
                    grid[a * points + p] = row;
                }
            }
            double[] v = f.apply(grid);
            for (int a = 0; a < anchors.length; a++) {
                int at = Monotonicity.firstDecrease(v, a * points, (a + 1) * points, mono[j], 0);
                if (at >= 0) return features.names().get(j) + " = " + grid[at][j] + " (moves " + (v[at] - v[at - 1]) + ")";
            }
        }
        return null;
    }

    private static double[][] anchors(double[][] x, int count, long seed) {
        SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
        double[][] a = new double[Math.min(count, x.length)][];
        for (int i = 0; i < a.length; i++) a[i] = x[r.nextInt(x.length)];
        return a;
    }

    /** Fold of each row: distinct topics shuffled by the seed and dealt round-robin, so a topic's rows share a fold. */
    static int[] folds(List<String> topics, int k, long seed) {
        List<String> distinct = new ArrayList<>(new java.util.LinkedHashSet<>(topics));
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = distinct.size() - 1; i > 0; i--) java.util.Collections.swap(distinct, i, r.nextInt(i + 1));
        java.util.Map<String, Integer> foldOf = new java.util.HashMap<>();
        for (int p = 0; p < distinct.size(); p++) foldOf.put(distinct.get(p), p % k);
        int[] fold = new int[topics.size()];
        for (int i = 0; i < fold.length; i++) fold[i] = foldOf.get(topics.get(i));
        return fold;
    }

    private static int[] indices(int[] fold, int k, boolean in) {
        int count = 0;
        for (int f : fold) if ((f == k) == in) count++;
        int[] out = new int[count];
        for (int i = 0, m = 0; i < fold.length; i++) if ((fold[i] == k) == in) out[m++] = i;
        return out;
    }

    private static double[] pick(double[] v, int[] idx) {
        double[] out = new double[idx.length];
        for (int i = 0; i < idx.length; i++) out[i] = v[idx[i]];
        return out;
    }

    private static double[] column(double[][] x, int j) {
        double[] c = new double[x.length];
        for (int i = 0; i < x.length; i++) c[i] = x[i][j];
        return c;
    }

    private static double[] negate(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = -v[i];
        return out;
    }
}
