package dev.assay.ranking.harvest;

import dev.assay.core.progress.Progress;
import dev.assay.models.embed.EmbeddingModel;
import java.util.List;
import java.util.Objects;

/**
 * Unit-length document and query vectors of one corpus split, with the model that made them.
 *
 * @param corpus    corpus name
 * @param documents document vectors, row i is document ordinal i
 * @param queries   query vectors
 * @param dimension length of every vector
 * @param model     the embedding model's provenance, as text
 */
public record Vectors(String corpus, float[][] documents, float[][] queries, int dimension, String model) {
    /** Passages embedded between two progress steps. */
    static final int PROGRESS_BATCH = 256;

    public Vectors {
        Objects.requireNonNull(corpus, "corpus");
        Objects.requireNonNull(model, "model");
        if (documents.length == 0) throw new IllegalArgumentException("documents must not be empty");
        if (queries.length == 0) throw new IllegalArgumentException("queries must not be empty");
        for (float[] v : documents) checkLength(v, dimension, "document");
        for (float[] v : queries) checkLength(v, dimension, "query");
    }

    /** Embeds the documents and queries of {@code split} with {@code model}. */
    public static Vectors embed(HarvestCorpus.Split split, EmbeddingModel model) {
        return embed(split, model, Progress.none());
    }

    /**
     * As {@link #embed(HarvestCorpus.Split, EmbeddingModel)}, reporting the passages embedded to {@code progress};
     * the texts go to the model {@value #PROGRESS_BATCH} at a time (each text is embedded on its own, so the
     * vectors do not depend on the batching).
     */
    public static Vectors embed(HarvestCorpus.Split split, EmbeddingModel model, Progress progress) {
        Objects.requireNonNull(progress, "progress");
        float[][] docs;
        float[][] queries;
        try (Progress.Task task = progress.start("embedding (passages)", split.documents().size() + split.queries().size())) {
            docs = embedInBatches(split.documents(), model, task);
            queries = embedInBatches(split.queries(), model, task);
        }
        var p = model.provenance();
        return new Vectors(split.corpus(), docs, queries, model.dimension(),
                p.modelId() + ", " + p.artifact() + ", " + p.runtime());
    }

    /** Vectors already computed (tests, other models). */
    public static Vectors of(String corpus, List<float[]> documents, List<float[]> queries, String model) {
        int dim = documents.isEmpty() ? 0 : documents.get(0).length;
        return new Vectors(corpus, documents.toArray(float[][]::new), queries.toArray(float[][]::new), dim, model);
    }

    private static float[][] embedInBatches(List<String> texts, EmbeddingModel model, Progress.Task task) {
        float[][] out = new float[texts.size()][];
        for (int from = 0; from < texts.size(); from += PROGRESS_BATCH) {
            int to = Math.min(texts.size(), from + PROGRESS_BATCH);
            List<float[]> batch = model.embedAll(texts.subList(from, to));
            for (int i = 0; i < batch.size(); i++) out[from + i] = batch.get(i);
            task.step(to - from);
        }
        return out;
    }

    private static void checkLength(float[] v, int dimension, String what) {
        if (v.length != dimension) {
            throw new IllegalArgumentException(what + " vector length must be " + dimension + ", but was " + v.length);
        }
    }
}
