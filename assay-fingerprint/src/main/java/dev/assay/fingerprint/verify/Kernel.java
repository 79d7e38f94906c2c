package dev.assay.fingerprint.verify;

import dev.assay.core.InvalidInputException;
import dev.assay.fingerprint.encode.EncodedResponse;

/**
 * The similarity of two encoded responses: a weighted mean over the components both have (text, structure,
 * vector output, log-probability profile) of the component's cosine in +-1 form, {@code 1 - 2 * hamming / D}. A positive-definite kernel
 * (a sum of linear kernels on +-1 vectors), so the MMD statistic built on it is a distance between mean embeddings.
 */
public record Kernel(double textWeight, double structureWeight, double vectorWeight, double logprobWeight) {
    /** Text only (with vector outputs and log-probability profiles when both responses have them): a model's style across prompts. */
    public static final Kernel TEXT = new Kernel(1, 0, 1, 1);
    /** Text and tool-call structure with equal weight: for responses to the same prompts. */
    public static final Kernel TEXT_AND_STRUCTURE = new Kernel(1, 1, 1, 1);
    /** The log-probability profile alone: how confident the model was, whatever it wrote. */
    public static final Kernel LOGPROB = new Kernel(0, 0, 0, 1);

    public Kernel {
        for (double w : new double[] {textWeight, structureWeight, vectorWeight, logprobWeight}) {
            if (!(w >= 0) || Double.isInfinite(w)) throw new InvalidInputException("kernel weights must be finite and non-negative");
        }
        if (textWeight + structureWeight + vectorWeight + logprobWeight == 0) {
            throw new InvalidInputException("kernel weights must not all be 0");
        }
    }

    /** A kernel without the log-probability component. */
    public Kernel(double textWeight, double structureWeight, double vectorWeight) {
        this(textWeight, structureWeight, vectorWeight, 0);
    }

    /** The similarity of {@code a} and {@code b}, in [-1, 1]. */
    public double similarity(EncodedResponse a, EncodedResponse b) {
        double d = a.dimension();
        double sum = 0;
        double weight = 0;
        if (textWeight > 0) {
            sum += textWeight * (1 - 2 * a.text().hamming(b.text()) / d);
            weight += textWeight;
        }
        if (structureWeight > 0) {
            sum += structureWeight * (1 - 2 * a.structure().hamming(b.structure()) / d);
            weight += structureWeight;
        }
        if (vectorWeight > 0 && a.vector() != null && b.vector() != null) {
            sum += vectorWeight * (1 - 2 * a.vector().hamming(b.vector()) / d);
            weight += vectorWeight;
        }
        if (logprobWeight > 0 && a.logprob() != null && b.logprob() != null) {
            sum += logprobWeight * (1 - 2 * a.logprob().hamming(b.logprob()) / d);
            weight += logprobWeight;
        }
        return weight == 0 ? 0 : sum / weight;
    }

    /** The Gram matrix of {@code xs}: {@code k[i][j] = similarity(xs[i], xs[j])}. */
    public double[][] gram(java.util.List<EncodedResponse> xs) {
        int n = xs.size();
        double[][] k = new double[n][n];
        for (int i = 0; i < n; i++) {
            k[i][i] = similarity(xs.get(i), xs.get(i));
            for (int j = i + 1; j < n; j++) {
                k[i][j] = k[j][i] = similarity(xs.get(i), xs.get(j));
            }
        }
        return k;
    }
}
