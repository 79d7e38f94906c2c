package dev.assay.ranking.gating;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.assay.core.InvalidInputException;
import dev.assay.core.stats.MannWhitney;
import dev.assay.core.stats.Tail;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class GatingTest {
    static GatingProblem random(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] s = new double[n];
        double[] g = new double[n];
        double[] c = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = r.nextDouble();
            g[i] = (0.5 - s[i]) * 0.2 + 0.05 * (r.nextDouble() - 0.5); // low confidence -> upshift helps
            c[i] = 5 + 10 * r.nextDouble();
        }
        return new GatingProblem(s, g, c);
    }

    @Test
    void threshold_isTheDualAscentOfTheAnalysis() {
        GatingProblem p = random(3, 200);
        assertThat(GateAnalysis.threshold(p.score(), p.gain(), p.cost(), 4))
                .isEqualTo(DualAscent.solve(p, 4, GateAnalysis.MAX_ITERATIONS, GateAnalysis.ETA0));
    }

    @Test
    void dualAscent_findsTheBestThresholdUnderTheBudget() {
        GatingProblem p = new GatingProblem(new double[] {0.1, 0.2, 0.3, 0.4}, new double[] {0.5, 0.3, -0.1, 0.2},
                new double[] {10, 10, 10, 10});
        GatingSolution s = DualAscent.solve(p, 5, 200, 0.5);
        assertThat(s.feasible()).isTrue();
        assertThat(s.theta()).isEqualTo(0.3);
        assertThat(s.meanGain()).isCloseTo(0.2, within(1e-12));
        assertThat(s.meanCost()).isEqualTo(5.0);
        assertThat(s.exactGain()).isCloseTo(0.2, within(1e-12));
        assertThat(s.lambda()).as("the budget binds, so its multiplier is positive").isPositive();
        assertThat(s.trace().get(0).lambda()).isZero();
    }

    @Test
    void primalCompletion_findsAFeasibleThresholdOffTheHull() {
        // Upshifting the first query gains little per ms; the first three together gain a lot but
        // exceed the budget; the best feasible threshold (two queries) is not a hull vertex.
        GatingProblem p = new GatingProblem(new double[] {0.1, 0.2, 0.3, 0.4}, new double[] {0.01, 0.3, 0.5, -0.2},
                new double[] {10, 10, 10, 10});
        GatingSolution s = DualAscent.solve(p, 5, 200, 0.5);
        assertThat(s.meanGain()).isCloseTo(s.exactGain(), within(1e-12));
        assertThat(s.meanCost()).isLessThanOrEqualTo(5.0);
        assertThat(s.lagrangianGain()).isLessThanOrEqualTo(s.meanGain());
    }

    @Test
    void dualAscent_withAmpleBudgetKeepsLambdaAtZero() {
        GatingProblem p = random(1, 500);
        GatingSolution s = DualAscent.solve(p, 1e9, 50, 0.5);
        assertThat(s.lambda()).isZero();
        assertThat(s.meanGain()).isCloseTo(s.exactGain(), within(1e-12));
        assertThat(s.iterations()).isEqualTo(1);
    }

    @Property(tries = 300)
    void dualAscent_isAlwaysFeasibleAndNeverBeatsTheExactScan(@ForAll @LongRange(min = 1, max = 10_000) long seed,
                                                              @ForAll @DoubleRange(min = 0.5, max = 12) double budget) {
        GatingProblem p = random(seed, 300);
        GatingSolution s = DualAscent.solve(p, budget, 300, 0.5);
        assertThat(s.meanCost()).isLessThanOrEqualTo(budget + 1e-9);
        assertThat(s.meanGain()).isLessThanOrEqualTo(s.exactGain() + 1e-12);
        assertThat(s.meanGain()).as("the best feasible Lagrangian solution, found by bisection on lambda")
                .isGreaterThanOrEqualTo(hullBest(p, budget) - 1e-9);
    }

    /** Mean gain of the best feasible threshold that maximises the Lagrangian for some lambda (bisection). */
    static double hullBest(GatingProblem p, double budget) {
        double lo = 0;
        double hi = 1e6;
        double best = lagrangianCut(p, hi)[0];
        for (int i = 0; i < 200; i++) {
            double mid = (lo + hi) / 2;
            double[] gc = lagrangianCut(p, mid);
            if (gc[1] <= budget + 1e-12) {
                hi = mid;
                best = Math.max(best, gc[0]);
            } else lo = mid;
        }
        return best;
    }

    /** {mean gain, mean cost} of the threshold maximising sum(gain - lambda cost) over upshifted queries. */
    static double[] lagrangianCut(GatingProblem p, double lambda) {
        int n = p.size();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        java.util.Arrays.sort(order, (a, b) -> Double.compare(p.score()[a], p.score()[b]));
        double g = 0, c = 0, bestL = 0, bestG = 0, bestC = 0;
        for (int k = 0; k < n; k++) {
            g += p.gain()[order[k]];
            c += p.cost()[order[k]];
            boolean cut = k == n - 1 || p.score()[order[k]] < p.score()[order[k + 1]];
            if (cut && g - lambda * c > bestL + 1e-15) {
                bestL = g - lambda * c;
                bestG = g;
                bestC = c;
            }
        }
        return new double[] {bestG / n, bestC / n};
    }

    @Test
    void roc_aucEqualsTheMannWhitneyProbability() {
        SplittableRandom r = new SplittableRandom(3);
        int n = 400;
        double[] score = new double[n];
        boolean[] label = new boolean[n];
        int pos = 0;
        for (int i = 0; i < n; i++) {
            label[i] = r.nextDouble() < 0.4;
            score[i] = Math.round((label[i] ? 0.6 : 0.4) * 20 + r.nextGaussian() * 3) / 20.0; // coarse: many ties
            if (label[i]) pos++;
        }
        double[] ps = new double[pos];
        double[] ns = new double[n - pos];
        for (int i = 0, a = 0, b = 0; i < n; i++) if (label[i]) ps[a++] = score[i]; else ns[b++] = score[i];
        RocCurve roc = RocCurve.of(score, label);
        double w = MannWhitney.test(ps, ns, Tail.TWO_SIDED).statistic();
        assertThat(roc.auc()).isCloseTo(w / ((double) ps.length * ns.length), within(1e-12));
        assertThat(roc.points().get(roc.points().size() - 1)).isEqualTo(new RocCurve.Point(roc.points()
                .get(roc.points().size() - 1).threshold(), 1.0, 1.0));
        assertThat(roc.auc()).isGreaterThan(0.5);
    }

    @Test
    void roc_needsBothOutcomes() {
        assertThatThrownBy(() -> RocCurve.of(new double[] {1, 2}, new boolean[] {true, true}))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("both outcomes");
    }

    @Test
    void earlyExitBand_partitionsTheQueries() {
        GatingProblem p = random(4, 1000);
        GatingSolution s = DualAscent.solve(p, 4, 300, 0.5);
        EarlyExitBand band = EarlyExitBand.around(p, s.theta(), 0.1);
        assertThat(band.exit() + band.band() + band.upshift()).isEqualTo(1000);
        assertThat(band.band()).isBetween(95, 105);
        assertThat(band.delta()).isPositive();
        assertThat(band.upshift() + band.band()).isEqualTo((int) Math.round(s.upshiftRate() * 1000));
    }
}
