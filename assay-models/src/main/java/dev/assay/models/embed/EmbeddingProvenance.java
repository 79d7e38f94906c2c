package dev.assay.models.embed;

import java.util.Objects;

/**
 * Identity of the vectors an {@link EmbeddingModel} produces: two runs whose provenance differs may
 * give different vectors for the same text.
 *
 * @param modelId        the model, e.g. {@code sentence-transformers/all-MiniLM-L6-v2 (int8 onnx)}
 * @param artifact       the artifact that ships the model file, with its version
 * @param runtime        the inference runtime with its version, e.g. {@code onnxruntime 1.20.0}
 * @param dimension      length of every vector
 * @param normalization  how vectors are scaled
 */
public record EmbeddingProvenance(String modelId, String artifact, String runtime, int dimension,
                                  Normalization normalization) {
    public EmbeddingProvenance {
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(artifact, "artifact");
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(normalization, "normalization");
        if (dimension < 1) throw new IllegalArgumentException("dimension must be >= 1, but was " + dimension);
    }

    /** How an embedding model scales its vectors. */
    public enum Normalization {
        /** Every vector has Euclidean norm 1, so dot product equals cosine similarity. */
        UNIT_L2,
        /** Vectors are returned as the model computes them. */
        NONE
    }
}
