package dev.assay.llm.score;

/** A per-response statistic the {@link QualityCheck} gates on; a response fails when its value is above the calibrated threshold. */
public enum Statistic {
    /** {@link TokenReport#perplexity()}, {@code exp(mean NLL)}. */
    PERPLEXITY("perplexity"),
    /** {@link TokenReport#maxWindowSurprisal()}, the largest windowed mean surprisal (nats). */
    MAX_WINDOW_SURPRISAL("maxWindowSurprisal"),
    /**
     * The mean over the tokens of the entropy's lower bound ({@link TokenReport.Entropy#meanLower()}, nats): the least
     * entropy consistent with the top-k log-probabilities, so a response fails only when even that exceeds the reference.
     * Needs top-k log-probabilities.
     */
    MEAN_ENTROPY("meanEntropy");

    private final String key;

    Statistic(String key) {
        this.key = key;
    }

    /** Its name in JSON and in reasons. */
    public String key() {
        return key;
    }

    /** The statistic named {@code key}, or null. */
    static Statistic byKey(String key) {
        for (Statistic s : values()) if (s.key.equals(key)) return s;
        return null;
    }

    /** Its value in {@code r}; NaN when the report lacks it (entropy without top-k). */
    double of(TokenReport r) {
        return switch (this) {
            case PERPLEXITY -> r.perplexity();
            case MAX_WINDOW_SURPRISAL -> r.maxWindowSurprisal();
            case MEAN_ENTROPY -> r.hasEntropy() ? r.entropy().meanLower() : Double.NaN;
        };
    }
}
