package dev.assay.llm.mushroom;

/** A character range {@code [start, end)} with the probability that it is a hallucination. */
public record SoftSpan(int start, int end, double prob) {
    public SoftSpan {
        if (start < 0 || end < start) throw new IllegalArgumentException("span [" + start + ", " + end + ") is not a range");
        if (!(prob >= 0 && prob <= 1)) throw new IllegalArgumentException("prob must be in [0, 1], but was " + prob);
    }
}
