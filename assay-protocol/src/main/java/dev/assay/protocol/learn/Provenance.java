package dev.assay.protocol.learn;

import java.util.Objects;

/**
 * Where a {@link LearnedModel} came from: its training parameters, the SHA-256 of its training data (every flow's
 * file, label and features, in order), how many files and flows trained it and how many were held out, and what the
 * calibrated model answered on the held-out flows (correct, wrong, Unknown).
 */
public record Provenance(TrainingParams params, String dataSha256, int trainingFiles, int trainingFlows,
                         int heldOutFiles, int heldOutFlows, int heldOutCorrect, int heldOutWrong, int heldOutUnknown) {
    public Provenance {
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(dataSha256, "dataSha256");
    }
}
