package dev.assay.protocol.learn;

import java.util.Objects;

/**
 * Where a {@link LearnedModel} came from: its training parameters, the SHA-256 of its training data (every flow's
 * file, label and features, in order), how many files and flows trained it, and what the calibrated out-of-fold
 * predictions (each flow judged by trees that did not see its file) answered: correct, wrong, Unknown.
 */
public record Provenance(TrainingParams params, String dataSha256, int files, int flows,
                         int heldOutCorrect, int heldOutWrong, int heldOutUnknown) {
    public Provenance {
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(dataSha256, "dataSha256");
    }
}
