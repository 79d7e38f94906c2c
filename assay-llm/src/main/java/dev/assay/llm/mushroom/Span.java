package dev.assay.llm.mushroom;

/** A half-open character range {@code [start, end)} of a model output, in Unicode code points as Mu-SHROOM counts them. */
public record Span(int start, int end) {
    public Span {
        if (start < 0 || end < start) throw new IllegalArgumentException("span [" + start + ", " + end + ") is not a range");
    }
}
