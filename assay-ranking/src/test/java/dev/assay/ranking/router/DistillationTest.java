package dev.assay.ranking.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.core.InvalidInputException;
import dev.assay.core.contract.Verdict;
import dev.assay.core.testing.RecordingProgress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DistillationTest {
    private static final int[] ONE_DECREASING = {-1};

    @Test
    void teacherKeepsItsMonotoneConstraint_evenWhereTheDataWiggle() {
        SplittableRandom r = new SplittableRandom(3);
        int n = 2000;
        double[][] x = new double[n][];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double v = r.nextDouble();
            x[i] = new double[] {v};
            y[i] = -v + 0.4 * Math.sin(12 * v) + 0.02 * r.nextGaussian(); // rises in places
        }
        double[][] grid = new double[501][];
        for (int g = 0; g <= 500; g++) grid[g] = new double[] {g / 500.0};
        double[] constrained = MonotoneGbm.fit(x, y, ONE_DECREASING, MonotoneGbm.Params.defaults(1)).predict(grid);
        double[] free = MonotoneGbm.fit(x, y, new int[] {0}, MonotoneGbm.Params.defaults(1)).predict(grid);
        assertThat(rises(constrained)).isZero();
        assertThat(rises(free)).as("without the constraint the teacher follows the wiggles").isGreaterThan(10);
    }

    @Test
    void sameDataAndSeed_giveTheSameTeacher() {
        Synthetic s = Synthetic.additive(500, 7);
        double[] a = MonotoneGbm.fit(s.x, s.gain, new int[] {-1, -1}, MonotoneGbm.Params.defaults(5)).predict(s.x);
        double[] b = MonotoneGbm.fit(s.x, s.gain, new int[] {-1, -1}, MonotoneGbm.Params.defaults(5)).predict(s.x);
        assertThat(a).containsExactly(b);
        assertThat(MonotoneGbm.fit(s.x, s.gain, new int[] {-1, -1}, MonotoneGbm.Params.defaults(5)).model()).isNotEmpty();
    }

    @Test
    void additiveStudent_tracksAnAdditiveTeacher_andItsInt8TablesStayWithinTheirBound() {
        Synthetic s = Synthetic.additive(3000, 11);
        MonotoneGbm teacher = MonotoneGbm.fit(s.x, s.gain, new int[] {-1, -1}, new MonotoneGbm.Params(300, 1, 0.1, 5, 1, 1));
        double[] t = teacher.predict(s.x);
        AdditiveRouter student = AdditiveRouter.distil(List.of("a", "b"), new int[] {-1, -1}, s.x, t, 16, 20);
        Int8Router int8 = student.quantise(1024);
        double sq = 0, worst = 0, var = 0, mean = Arrays.stream(t).average().orElseThrow();
        for (int i = 0; i < s.x.length; i++) {
            double p = student.apply(s.x[i]);
            sq += (p - t[i]) * (p - t[i]);
            var += (t[i] - mean) * (t[i] - mean);
            worst = Math.max(worst, Math.abs(int8.apply(s.x[i]) - p));
        }
        assertThat(sq / var).as("share of the teacher's variance the student misses").isLessThan(0.05);
        assertThat(worst).isLessThanOrEqualTo(int8.errorBound() + 1e-12);
        for (PiecewiseLinear shape : student.shapes()) {
            assertThat(shape.segments()).isEqualTo(16);
            for (int k = 1; k < shape.values().length; k++) assertThat(shape.values()[k]).isLessThanOrEqualTo(shape.values()[k - 1]);
        }
    }

    @Test
    void noRegretGatePasses_whenTheStudentCanHoldTheTeacher() {
        Synthetic s = Synthetic.additive(4000, 21);
        ContextFeatures f = s.features(new int[] {-1, -1});
        DistillationReport r = Distillation.run(f, s.gain, s.cost, config(1, 2));
        assertThat(r.verdict()).as("%s agreement %s", r.noRegret(), r.agreement()).isEqualTo(Verdict.PASS);
        assertThat(r.noRegret().lower()).isGreaterThanOrEqualTo(-0.0005);
        assertThat(r.agreement()).isGreaterThan(0.9);
        assertThat(r.outcome(Distillation.Policy.TEACHER).meanCost()).isLessThan(10.5);
        assertThat(r.outcome(Distillation.Policy.TEACHER).meanGain()).isGreaterThan(0);
    }

    @Test
    void progress_countsTheFoldsTheRefitAndTheResamples_andLeavesTheRouterAsItIs() {
        Synthetic s = Synthetic.additive(600, 5);
        ContextFeatures f = s.features(new int[] {-1, -1});
        RecordingProgress progress = new RecordingProgress();
        DistillationReport with = Distillation.run(f, s.gain, s.cost, config(1, 4), progress);
        DistillationReport without = Distillation.run(f, s.gain, s.cost, config(1, 4));
        assertThat(with.noRegret()).isEqualTo(without.noRegret());
        assertThat(with.outcomes()).isEqualTo(without.outcomes());
        assertThat(with.verdict()).isEqualTo(without.verdict());
        assertThat(RouterArtifact.of(with, java.util.Map.of(), "m", java.time.Instant.EPOCH).toJson())
                .isEqualTo(RouterArtifact.of(without, java.util.Map.of(), "m", java.time.Instant.EPOCH).toJson());
        assertThat(progress.tasks()).hasSize(2);
        assertThat(progress.tasks().get(0).total()).isEqualTo(with.config().folds() + 1L);
        assertThat(progress.tasks().get(1).total()).isEqualTo(with.config().resamples());
        assertThat(progress.tasks()).allSatisfy(t -> {
            assertThat(t.stepped()).isEqualTo(t.total());
            assertThat(t.closed()).isTrue();
        });
    }

    @Test
    void noRegretGateFails_whenTheTeacherNeedsAnInteractionTheStudentCannotHold() {
        Synthetic s = Synthetic.xor(4000, 31);
        ContextFeatures f = s.features(new int[] {0, 0});
        DistillationReport r = Distillation.run(f, s.gain, s.cost, config(3, 3));
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.noRegret().lower()).isLessThan(-0.01);
        assertThat(r.outcome(Distillation.Policy.TEACHER).meanGain()).isGreaterThan(r.outcome(Distillation.Policy.INT8).meanGain() + 0.01);
    }

    @Test
    void denseGridFindsAViolation_andNamesTheFeature() {
        ContextFeatures f = Synthetic.additive(100, 1).features(new int[] {-1, 0});
        List<PiecewiseLinear> ranges = List.of(new PiecewiseLinear(new double[] {0, 1}, new double[] {0, 0}),
                new PiecewiseLinear(new double[] {0, 1}, new double[] {0, 0}));
        double[][] anchors = {{0.5, 0.5}};
        String v = Distillation.violation(rows -> Arrays.stream(rows).mapToDouble(row -> -row[0] + (row[0] > 0.7 ? 0.1 : 0)).toArray(),
                f, ranges, anchors, 1000);
        assertThat(v).startsWith("a = 0.70");
        assertThat(Distillation.violation(rows -> Arrays.stream(rows).mapToDouble(row -> -row[0] + row[1] * row[1]).toArray(),
                f, ranges, anchors, 1000)).isNull();
    }

    @Test
    void tooFewTopicsForTheFolds_isNamed() {
        Synthetic s = Synthetic.additive(6, 1);
        assertThatThrownBy(() -> Distillation.run(s.features(new int[] {-1, -1}), s.gain, s.cost, config(1, 1)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("topics for 5 folds");
    }

    private static Distillation.Config config(int depth, long seed) {
        Distillation.Config d = Distillation.Config.defaults(10, seed);
        return new Distillation.Config(d.folds(), d.segments(), d.cells(), d.sweeps(), new MonotoneGbm.Params(200, depth, 0.1, 5, 1, seed),
                d.budget(), d.minGain(), d.margin(), d.alpha(), 2_000, seed, 200);
    }

    private static int rises(double[] v) {
        int n = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[i - 1]) n++;
        return n;
    }

    /** Two features in [0, 1], a gain with noise, and a cost of 40 per upshift. */
    record Synthetic(double[][] x, double[] gain, double[] cost) {
        /** Gain falls with both features, additively: low-confidence queries gain most. */
        static Synthetic additive(int n, long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            double[][] x = new double[n][];
            double[] g = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = new double[] {r.nextDouble(), r.nextDouble()};
                g[i] = 0.3 * (0.6 - x[i][0]) + 0.1 * (0.5 - x[i][1] * x[i][1]) + 0.02 * r.nextGaussian();
            }
            return new Synthetic(x, g, cost(n));
        }

        /** Gain is positive exactly when both features are on the same side of 0.5: an interaction. */
        static Synthetic xor(int n, long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            double[][] x = new double[n][];
            double[] g = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = new double[] {r.nextDouble(), r.nextDouble()};
                g[i] = ((x[i][0] > 0.5) == (x[i][1] > 0.5) ? 0.3 : -0.3) + 0.02 * r.nextGaussian();
            }
            return new Synthetic(x, g, cost(n));
        }

        private static double[] cost(int n) {
            double[] c = new double[n];
            Arrays.fill(c, 40);
            return c;
        }

        ContextFeatures features(int[] monotone) {
            List<String> topics = new ArrayList<>();
            for (int i = 0; i < x.length; i++) topics.add("q" + i);
            return new ContextFeatures(List.of("a", "b"), monotone, topics, x);
        }
    }
}
