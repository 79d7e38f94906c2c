package dev.assay.protocol.learn;

import java.util.Objects;

/**
 * What the model says of one feature vector: the most likely class and its calibrated probability, the next class
 * and its probability, then for every class in {@link LearnedModel#labels()} order the calibrated probability and
 * the raw margin (before calibration; the softmax of the margins is XGBoost's own probability).
 */
public record Prediction(String label, double confidence, String runnerUp, double runnerUpConfidence,
                         double[] probabilities, float[] margins) {
    public Prediction {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(runnerUp, "runnerUp");
        probabilities = probabilities.clone();
        margins = margins.clone();
    }

    @Override
    public double[] probabilities() {
        return probabilities.clone();
    }

    /** How far the answer is ahead of the runner-up. */
    public double margin() {
        return confidence - runnerUpConfidence;
    }

    @Override
    public float[] margins() {
        return margins.clone();
    }
}
