package dev.assay.llm.spans;

import dev.assay.llm.mushroom.SoftSpan;
import dev.assay.llm.mushroom.Span;
import java.util.List;

/**
 * The spans predicted for one output: hard spans (merged runs of characters judged hallucinated) and soft spans (runs of
 * equal probability covering the text), both in code points; {@code alignedChars} of {@code length} characters were
 * placed under some token (the rest took their neighbours' probability).
 */
public record Prediction(String id, List<Span> hardLabels, List<SoftSpan> softLabels, int alignedChars, int length) {
    public Prediction {
        hardLabels = List.copyOf(hardLabels);
        softLabels = List.copyOf(softLabels);
    }
}
