package dev.assay.llm.mushroom;

import java.util.List;

/**
 * One Mu-SHROOM item: a model's output text with its tokens and one score per token ({@code model_output_logits}: raw
 * logits of the chosen token for most models, log-probabilities for some), and, in labelled files, the annotated spans.
 * {@code labelled} is false for files without {@code hard_labels} and {@code soft_labels} (then both lists are empty).
 */
public record MushroomRecord(String id, String lang, String modelInput, String text, String modelId, List<String> tokens,
                             double[] logits, List<SoftSpan> softLabels, List<Span> hardLabels, boolean labelled, String where) {
    public MushroomRecord {
        tokens = List.copyOf(tokens);
        logits = logits.clone();
        softLabels = List.copyOf(softLabels);
        hardLabels = List.copyOf(hardLabels);
    }

    /** The output's length in code points, the unit of every offset. */
    public int length() {
        return text.codePointCount(0, text.length());
    }

    @Override
    public double[] logits() {
        return logits.clone();
    }
}
