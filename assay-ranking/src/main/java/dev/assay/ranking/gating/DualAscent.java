package dev.assay.ranking.gating;

import dev.assay.core.InvalidInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Chooses the threshold that maximises mean gain subject to mean cost <= budget by
 * Lagrangian dual ascent (Boyd and Vandenberghe, Convex Optimization, 5.2; Bertsekas,
 * Nonlinear Programming, 6.3): for a multiplier lambda the Lagrangian
 * {@code sum over upshifted (gain - lambda * cost)} is maximised exactly over all
 * thresholds by one scan of prefix sums in score order; then lambda takes a projected
 * subgradient step {@code lambda <- max(0, lambda + eta_t * u * (meanCost(theta) - budget) / budget)}
 * with {@code eta_t = eta0 / sqrt(t)} and {@code u = mean|gain| / mean cost}, the natural
 * unit of lambda, so that {@code eta0} (about 0.5) is scale-free. Because the dual
 * function is piecewise linear, subgradient steps can jump over the narrow interval of
 * multipliers whose maximiser is the best feasible threshold; the ascent therefore ends by
 * bisecting the bracket [largest infeasible lambda, smallest feasible lambda] it found, and
 * completes the primal solution by scanning the thresholds between the two bracketing
 * maximisers (the best feasible Lagrangian maximiser alone is reported as
 * {@code lagrangianGain}). The answer is the best feasible threshold met on
 * the way (primal recovery). Threshold policies are one-dimensional, so the exact optimum
 * is also computed by a scan and reported beside it. Cost: O(n log n) to sort, O(n) per
 * iteration.
 */
final class DualAscent {
    private DualAscent() {}

    public static GatingSolution solve(GatingProblem p, double budget, int maxIterations, double eta0) {
        if (!(budget >= 0)) throw new InvalidInputException("budget must be >= 0, but was " + budget);
        if (maxIterations < 1) throw new InvalidInputException("maxIterations must be >= 1, but was " + maxIterations);
        if (!(eta0 > 0)) throw new InvalidInputException("eta0 must be > 0, but was " + eta0);
        int n = p.size();
        Integer[] boxed = new Integer[n];
        for (int i = 0; i < n; i++) boxed[i] = i;
        Arrays.sort(boxed, (a, b) -> Double.compare(p.score()[a], p.score()[b]));
        // Candidate cut c (0..n): the c lowest-scored queries are upshifted. Only cuts between distinct scores are thresholds.
        double[] sortedScore = new double[n];
        double[] gainPrefix = new double[n + 1];
        double[] costPrefix = new double[n + 1];
        for (int k = 0; k < n; k++) {
            int i = boxed[k];
            sortedScore[k] = p.score()[i];
            gainPrefix[k + 1] = gainPrefix[k] + p.gain()[i];
            costPrefix[k + 1] = costPrefix[k] + p.cost()[i];
        }
        boolean[] validCut = new boolean[n + 1];
        validCut[0] = true;
        validCut[n] = true;
        for (int c = 1; c < n; c++) validCut[c] = sortedScore[c - 1] < sortedScore[c];

        int exactCut = 0;
        for (int c = 0; c <= n; c++) {
            if (validCut[c] && costPrefix[c] / n <= budget + 1e-12 && gainPrefix[c] > gainPrefix[exactCut]) exactCut = c;
        }

        double meanAbsGain = 0;
        for (double g : p.gain()) meanAbsGain += Math.abs(g);
        meanAbsGain /= n;
        double unit = costPrefix[n] > 0 ? meanAbsGain / (costPrefix[n] / n) : 0;
        double scale = budget > 0 ? budget : Math.max(costPrefix[n] / n, 1e-12);
        double lambda = 0;
        int bestCut = 0;
        List<GatingSolution.Step> trace = new ArrayList<>();
        int it = 0;
        double infeasibleLambda = -1;
        double feasibleLambda = Double.POSITIVE_INFINITY;
        for (it = 1; it <= maxIterations; it++) {
            int cut = lagrangianCut(gainPrefix, costPrefix, validCut, lambda);
            double meanCost = costPrefix[cut] / n;
            trace.add(new GatingSolution.Step(it, lambda, theta(sortedScore, cut), gainPrefix[cut] / n, meanCost));
            boolean feasible = meanCost <= budget + 1e-12;
            if (feasible) {
                feasibleLambda = Math.min(feasibleLambda, lambda);
                if (gainPrefix[cut] > gainPrefix[bestCut]) bestCut = cut;
            } else {
                infeasibleLambda = Math.max(infeasibleLambda, lambda);
            }
            double subgradient = meanCost - budget;
            double next = Math.max(0, lambda + eta0 / Math.sqrt(it) * unit * subgradient / scale);
            if (Math.abs(next - lambda) < 1e-12 && feasible) break;
            lambda = next;
        }
        // The dual function is piecewise linear: subgradient steps can jump over the narrow
        // interval of multipliers whose maximiser is the best feasible threshold. Feasibility is
        // monotone in lambda, so bisect the bracket the ascent established.
        if (infeasibleLambda >= 0 && !Double.isFinite(feasibleLambda)) {
            // The ascent never reached a feasible multiplier: double until it does (a large
            // enough lambda upshifts nothing, which is always feasible).
            double probe = Math.max(infeasibleLambda, unit > 0 ? unit : 1e-9);
            for (int d = 0; d < 2000 && !Double.isFinite(feasibleLambda); d++) {
                probe *= 2;
                int cut = lagrangianCut(gainPrefix, costPrefix, validCut, probe);
                if (costPrefix[cut] / n <= budget + 1e-12) {
                    feasibleLambda = probe;
                    if (gainPrefix[cut] > gainPrefix[bestCut]) bestCut = cut;
                } else {
                    infeasibleLambda = probe;
                }
            }
        }
        int infeasibleCut = -1;
        if (infeasibleLambda >= 0 && Double.isFinite(feasibleLambda)) {
            double lo = infeasibleLambda;
            double hi = feasibleLambda;
            for (int b = 0; b < 64 && hi - lo > 1e-15 * Math.max(1, hi); b++) {
                double mid = (lo + hi) / 2;
                int cut = lagrangianCut(gainPrefix, costPrefix, validCut, mid);
                double meanCost = costPrefix[cut] / n;
                trace.add(new GatingSolution.Step(trace.size() + 1, mid, theta(sortedScore, cut), gainPrefix[cut] / n, meanCost));
                if (meanCost <= budget + 1e-12) {
                    hi = mid;
                    if (gainPrefix[cut] > gainPrefix[bestCut]) bestCut = cut;
                } else {
                    lo = mid;
                    infeasibleCut = cut;
                }
            }
            lambda = hi;
            if (infeasibleCut < 0) infeasibleCut = lagrangianCut(gainPrefix, costPrefix, validCut, lo);
        }
        double lagrangianGain = gainPrefix[bestCut] / n;
        // Primal completion (Fisher 1981): the Lagrangian maximisers are the vertices of the
        // concave hull of (cost, gain); the best feasible threshold may lie between the feasible
        // and the infeasible vertex that bracket the budget, so scan that stretch.
        if (infeasibleCut > bestCut) {
            for (int cut = bestCut + 1; cut < infeasibleCut; cut++) {
                if (validCut[cut] && costPrefix[cut] / n <= budget + 1e-12 && gainPrefix[cut] > gainPrefix[bestCut]) bestCut = cut;
            }
        }
        int iterations = Math.min(it, maxIterations);
        return new GatingSolution(theta(sortedScore, bestCut), lambda, gainPrefix[bestCut] / n, costPrefix[bestCut] / n,
                (double) bestCut / n, costPrefix[bestCut] / n <= budget + 1e-12, iterations,
                theta(sortedScore, exactCut), gainPrefix[exactCut] / n, lagrangianGain, trace);
    }

    /** The cut maximising the Lagrangian {@code sum over upshifted (gain - lambda cost)}. */
    private static int lagrangianCut(double[] gainPrefix, double[] costPrefix, boolean[] validCut, double lambda) {
        int cut = 0;
        double best = 0;
        for (int c = 1; c < gainPrefix.length; c++) {
            if (!validCut[c]) continue;
            double l = gainPrefix[c] - lambda * costPrefix[c];
            if (l > best + 1e-15) {
                best = l;
                cut = c;
            }
        }
        return cut;
    }

    /** The threshold for a cut: the score of the first query not upshifted (+infinity when all are). */
    private static double theta(double[] sortedScore, int cut) {
        if (cut == 0) return Double.NEGATIVE_INFINITY;
        return cut == sortedScore.length ? Double.POSITIVE_INFINITY : sortedScore[cut];
    }
}
