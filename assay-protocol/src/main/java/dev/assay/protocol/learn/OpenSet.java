package dev.assay.protocol.learn;

import java.util.Arrays;

/**
 * Calibration and the open-set threshold, fitted on held-out flows given as margins and true classes (-1 for a
 * protocol the model has no class for). Temperature scaling (Guo et al. 2017): one scalar T, probabilities
 * {@code softmax(margin / T)}, T minimising the negative log-likelihood of the held-out flows of known classes by a
 * golden-section search over ln T in [0, ln 20]; it changes how sure the model says it is, never which class it
 * picks. T is never below 1: boosted trees are sure of themselves already, and held-out files that the trees happen
 * to separate perfectly would otherwise drive T towards 0 and every answer, even on bytes unlike any training flow,
 * towards certainty, which the open-set threshold could then not tell apart.
 */
final class OpenSet {
    private OpenSet() {}

    static final double MIN_TEMPERATURE = 1;
    static final double MAX_TEMPERATURE = 20;

    static double[] probabilities(float[] margins, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (float m : margins) max = Math.max(max, m / temperature);
        double[] p = new double[margins.length];
        double sum = 0;
        for (int i = 0; i < p.length; i++) sum += p[i] = Math.exp(margins[i] / temperature - max);
        for (int i = 0; i < p.length; i++) p[i] /= sum;
        return p;
    }

    /** The temperature of least held-out log loss; 1 when no held-out flow has a known class. */
    static double temperature(float[][] margins, int[] truth) {
        if (Arrays.stream(truth).noneMatch(t -> t >= 0)) return 1;
        double lo = Math.log(MIN_TEMPERATURE);
        double hi = Math.log(MAX_TEMPERATURE);
        double g = (Math.sqrt(5) - 1) / 2;
        double c = hi - g * (hi - lo);
        double d = lo + g * (hi - lo);
        double fc = logLoss(margins, truth, Math.exp(c));
        double fd = logLoss(margins, truth, Math.exp(d));
        for (int i = 0; i < 60; i++) {
            if (fc <= fd) {
                hi = d;
                d = c;
                fd = fc;
                c = hi - g * (hi - lo);
                fc = logLoss(margins, truth, Math.exp(c));
            } else {
                lo = c;
                c = d;
                fc = fd;
                d = lo + g * (hi - lo);
                fd = logLoss(margins, truth, Math.exp(d));
            }
        }
        return Math.exp((lo + hi) / 2);
    }

    static double logLoss(float[][] margins, int[] truth, double temperature) {
        double loss = 0;
        for (int i = 0; i < margins.length; i++) {
            if (truth[i] < 0) continue;
            loss -= Math.log(Math.max(1e-300, probabilities(margins[i], temperature)[truth[i]]));
        }
        return loss;
    }

    /**
     * The lowest probability that turns at least {@code share} of the held-out wrong answers (a protocol named that is
     * not the flow's; answers of {@code other} are Unknown already) into Unknown, and never below {@code floor}.
     */
    static double threshold(float[][] margins, int[] truth, int other, double temperature, double share, double floor) {
        double[] wrong = new double[margins.length];
        int n = 0;
        for (int i = 0; i < margins.length; i++) {
            double[] p = probabilities(margins[i], temperature);
            int top = argmax(p);
            if (top != other && top != truth[i]) wrong[n++] = p[top];
        }
        int k = (int) Math.ceil(share * n);
        if (k == 0) return floor;
        Arrays.sort(wrong, 0, n);
        double t = Math.min(Math.nextUp(wrong[k - 1]), Math.nextDown(1.0));
        return Math.max(floor, t);
    }

    /** How many held-out flows the calibrated model gets right, wrong, and answers Unknown: {@code {correct, wrong, unknown}}. */
    static int[] outcomes(float[][] margins, int[] truth, int other, double temperature, double threshold) {
        int[] out = new int[3];
        for (int i = 0; i < margins.length; i++) {
            double[] p = probabilities(margins[i], temperature);
            int top = argmax(p);
            if (top == other || p[top] < threshold) out[2]++;
            else if (top == truth[i]) out[0]++;
            else out[1]++;
        }
        return out;
    }

    static int argmax(double[] p) {
        int top = 0;
        for (int i = 1; i < p.length; i++) if (p[i] > p[top]) top = i;
        return top;
    }
}
