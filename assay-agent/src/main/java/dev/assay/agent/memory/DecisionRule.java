package dev.assay.agent.memory;

import dev.assay.agent.command.Decision;
import dev.assay.core.InvalidInputException;

/**
 * From a posterior to a decision: ESCALATE when its entropy is above {@code maxEntropy} (the learned layer does not
 * guess), otherwise DENY when P(unsafe) &gt;= {@code cut} and ALLOW below. The design's "collapse threshold" is
 * {@link #collapse()}: the posterior has collapsed onto one outcome when max(p, 1 - p) reaches it, which is the same
 * as its entropy being at most {@code maxEntropy}. Both numbers come from {@link #calibrate}, never by hand.
 */
public record DecisionRule(double cut, double maxEntropy) {
    /** Share of the calibration set the rule may escalate, unless the caller says otherwise. */
    public static final double DEFAULT_ESCALATION_BUDGET = 0.10;

    public DecisionRule {
        if (!(cut > 0 && cut < 1)) throw new InvalidInputException("cut must be in (0, 1), but was " + cut);
        if (!(maxEntropy >= 0 && maxEntropy <= 1)) {
            throw new InvalidInputException("maxEntropy must be in [0, 1] bits, but was " + maxEntropy);
        }
    }

    public Decision decide(double pUnsafe) {
        if (Posterior.entropy(pUnsafe) > maxEntropy) return Decision.ESCALATE;
        return pUnsafe >= cut ? Decision.DENY : Decision.ALLOW;
    }

    /** The collapse threshold in [1/2, 1]: the p with binary entropy {@code maxEntropy} (bisection). */
    public double collapse() {
        double lo = 0.5, hi = 1;
        for (int i = 0; i < 60; i++) {
            double mid = (lo + hi) / 2;
            if (Posterior.entropy(mid) > maxEntropy) lo = mid;
            else hi = mid;
        }
        return hi;
    }

    /**
     * Calibrates a rule on held-out posteriors (posteriors of examples the model did not learn from, e.g.
     * leave-one-out or out-of-fold): the cut maximises F1 of DENY against {@code unsafe}, and the entropy threshold
     * escalates the {@code escalationBudget} most uncertain share (none when the budget is 0). Ties go to the
     * smaller cut; deterministic.
     */
    public static DecisionRule calibrate(double[] pUnsafe, boolean[] unsafe, double escalationBudget) {
        if (pUnsafe.length != unsafe.length) throw new InvalidInputException("posteriors and labels differ in length");
        if (pUnsafe.length == 0) throw new InvalidInputException("nothing to calibrate on");
        if (!(escalationBudget >= 0 && escalationBudget < 1)) {
            throw new InvalidInputException("escalationBudget must be in [0, 1), but was " + escalationBudget);
        }
        double bestCut = 0.5, bestF1 = -1;
        for (int step = 1; step < 100; step++) {
            double cut = step / 100.0;
            int tp = 0, fp = 0, fn = 0;
            for (int i = 0; i < pUnsafe.length; i++) {
                boolean deny = pUnsafe[i] >= cut;
                if (deny && unsafe[i]) tp++;
                else if (deny) fp++;
                else if (unsafe[i]) fn++;
            }
            double f1 = tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
            if (f1 > bestF1) {
                bestF1 = f1;
                bestCut = cut;
            }
        }
        double maxEntropy = 1;
        int escalate = (int) Math.floor(escalationBudget * pUnsafe.length);
        if (escalate > 0) {
            double[] h = new double[pUnsafe.length];
            for (int i = 0; i < h.length; i++) h[i] = Posterior.entropy(pUnsafe[i]);
            java.util.Arrays.sort(h);
            // escalate entropies strictly above the (n - escalate)-th smallest: at most `escalate` of them
            maxEntropy = h[h.length - escalate - 1];
        }
        return new DecisionRule(bestCut, maxEntropy);
    }
}
