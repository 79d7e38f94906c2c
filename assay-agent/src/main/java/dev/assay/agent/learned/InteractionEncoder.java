package dev.assay.agent.learned;

import dev.assay.agent.rjudge.Interaction;
import dev.assay.agent.rjudge.InteractionText;
import dev.assay.models.embed.EmbeddingModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Embeds an interaction as the concatenation of its three {@link InteractionText.Views} (request, actions,
 * observations), each a unit vector (zero when the view is empty), scaled by 1/sqrt(3): the cosine of two
 * encodings is the mean of the views' cosines, so no view drowns the others and long interactions never reach
 * the model's window limit. Each view's vector is kept (up to {@value #VIEW_CACHE_ENTRIES} views, least recently used
 * dropped first): an agent's consecutive actions share the request and often the tool results, so only the changed
 * views are embedded. Thread-safe.
 */
public final class InteractionEncoder {
    static final int VIEWS = 3;
    /** The name checkpoints give this encoder over the in-process MiniLM model ({@code EmbeddingModel.miniLmL6V2Quantized}). */
    public static final String MINILM_ID = "all-MiniLM-L6-v2-int8/views-3/actions-450";
    /** The dimension of that encoder's vectors. */
    public static final int MINILM_DIMENSION = VIEWS * 384;
    /** Views kept with their vectors: the request and the tool results repeat across an agent's consecutive actions. */
    static final int VIEW_CACHE_ENTRIES = 5_000;

    private final EmbeddingModel model;
    private final com.github.benmanes.caffeine.cache.Cache<String, float[]> views =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(VIEW_CACHE_ENTRIES).build();

    public InteractionEncoder(EmbeddingModel model) {
        this.model = Objects.requireNonNull(model, "model");
    }

    public int dimension() {
        return VIEWS * model.dimension();
    }

    public float[] encode(Interaction interaction) {
        List<String> views = InteractionText.render(interaction).all();
        List<String> missing = new ArrayList<>();
        for (String v : views) if (!v.isEmpty() && this.views.getIfPresent(v) == null && !missing.contains(v)) missing.add(v);
        if (!missing.isEmpty()) {
            List<float[]> vectors = model.embedAll(missing);
            for (int i = 0; i < missing.size(); i++) this.views.put(missing.get(i), vectors.get(i));
        }
        List<float[]> blocks = new ArrayList<>(VIEWS);
        for (String v : views) {
            if (v.isEmpty()) {
                blocks.add(null);
                continue;
            }
            float[] vector = this.views.getIfPresent(v);
            blocks.add(vector != null ? vector : model.embed(v)); // evicted in between: embed again
        }
        return combine(blocks, model.dimension());
    }

    /** Concatenates unit-length blocks (null for an empty view) scaled by 1/sqrt(number of views). */
    static float[] combine(List<float[]> blocks, int dimension) {
        float[] out = new float[blocks.size() * dimension];
        double scale = 1 / Math.sqrt(blocks.size());
        for (int b = 0; b < blocks.size(); b++) {
            float[] v = blocks.get(b);
            if (v == null) continue;
            if (v.length != dimension) throw new IllegalArgumentException("block " + b + " has " + v.length + " dimensions, not " + dimension);
            double sq = 0;
            for (float x : v) sq += (double) x * x;
            double norm = Math.sqrt(sq);
            if (norm == 0) continue;
            for (int i = 0; i < dimension; i++) out[b * dimension + i] = (float) (v[i] / norm * scale);
        }
        return out;
    }
}
