package dev.assay.llm.score;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.core.JsonNumbers;
import java.util.Arrays;

/**
 * The token monitor's measurements of one response ({@link TokenScorer#score}). Surprisals are in nats
 * ({@code -ln p}); {@link #bits} converts.
 *
 * @param tokens                 the number of tokens
 * @param window                 tokens per window of {@link #windowMeans}
 * @param vocabularySize         the vocabulary size the entropy's upper bound assumed
 * @param surprisal              per token, {@code -ln p} of the chosen token
 * @param meanSurprisal          the mean negative log-likelihood per token
 * @param perplexity             {@code exp(meanSurprisal)}
 * @param meanInverseProbability the mean of {@code 1/p} over the tokens, the design document's "perplexity"; an
 *                               arithmetic mean of {@code exp(surprisal)}, at least {@link #perplexity} (Jensen) and
 *                               dominated by the single least likely token; reported under its own name
 * @param maxSurprisal           the largest surprisal
 * @param maxSurprisalAt         the token holding it
 * @param totalSurprisal         the cumulative surprise of the whole response, the sum of the surprisals
 * @param windowMeans            the mean surprisal of each run of {@code window} consecutive tokens (one window of the
 *                               whole response when it is shorter)
 * @param maxWindowSurprisal     the largest of {@link #windowMeans}
 * @param maxWindowAt            the first token of that window
 * @param entropy                the entropy bounds and gaps, {@code null} without top-k log-probabilities
 */
public record TokenReport(int tokens, int window, long vocabularySize, double[] surprisal, double meanSurprisal, double perplexity,
                          double meanInverseProbability, double maxSurprisal, int maxSurprisalAt, double totalSurprisal,
                          double[] windowMeans, double maxWindowSurprisal, int maxWindowAt, Entropy entropy) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double LN2 = Math.log(2);

    /**
     * Per-token entropy bounds of the next-token distribution (nats) and gaps, from the top-k log-probabilities.
     *
     * @param lower      per token, the least entropy consistent with the top k (the tail packed into tokens no more
     *                   likely than the k-th)
     * @param upper      per token, the most (the tail spread evenly over the rest of the vocabulary)
     * @param tail       per token, the probability mass outside the known tokens
     * @param gap        per token, the log-probability (equally, logit) gap between the two most likely tokens; NaN with
     *                   fewer than two alternatives
     * @param meanLower  the mean of {@code lower}
     * @param meanUpper  the mean of {@code upper}
     * @param maxUpper   the largest of {@code upper}
     * @param meanGap    the mean of the defined gaps (NaN when none is)
     * @param minGap     the smallest defined gap (NaN when none is)
     */
    public record Entropy(double[] lower, double[] upper, double[] tail, double[] gap, double meanLower, double meanUpper, double maxUpper,
                          double meanGap, double minGap) {
        @Override
        public double[] lower() {
            return lower.clone();
        }

        @Override
        public double[] upper() {
            return upper.clone();
        }

        @Override
        public double[] tail() {
            return tail.clone();
        }

        @Override
        public double[] gap() {
            return gap.clone();
        }
    }

    @Override
    public double[] surprisal() {
        return surprisal.clone();
    }

    @Override
    public double[] windowMeans() {
        return windowMeans.clone();
    }

    /** Whether the entropy bounds and gaps are known (the input had top-k log-probabilities). */
    public boolean hasEntropy() {
        return entropy != null;
    }

    /** Nats to bits. */
    public static double bits(double nats) {
        return nats / LN2;
    }

    /** Per token, the surprise so far: the running sum of the surprisals (nats); its last value is {@link #totalSurprisal}. */
    public double[] cumulativeSurprisal() {
        double[] c = new double[surprisal.length];
        double s = 0;
        for (int i = 0; i < c.length; i++) c[i] = s += surprisal[i];
        return c;
    }

    /** The report as JSON: the summary, and with {@code perToken} the per-token arrays. Non-finite numbers as {@link JsonNumbers} writes them. */
    public ObjectNode toJson(boolean perToken) {
        ObjectNode n = JSON.createObjectNode();
        n.put("tokens", tokens);
        n.put("window", window);
        JsonNumbers.put(n, "meanSurprisal", meanSurprisal);
        JsonNumbers.put(n, "meanSurprisalBits", bits(meanSurprisal));
        JsonNumbers.put(n, "perplexity", perplexity);
        JsonNumbers.put(n, "meanInverseProbability", meanInverseProbability);
        JsonNumbers.put(n, "maxSurprisal", maxSurprisal);
        n.put("maxSurprisalAt", maxSurprisalAt);
        JsonNumbers.put(n, "maxWindowSurprisal", maxWindowSurprisal);
        n.put("maxWindowAt", maxWindowAt);
        JsonNumbers.put(n, "totalSurprisal", totalSurprisal);
        JsonNumbers.put(n, "totalSurprisalBits", bits(totalSurprisal));
        if (entropy != null) {
            ObjectNode e = n.putObject("entropy");
            e.put("vocabularySize", vocabularySize);
            JsonNumbers.put(e, "meanLower", entropy.meanLower);
            JsonNumbers.put(e, "meanUpper", entropy.meanUpper);
            JsonNumbers.put(e, "maxUpper", entropy.maxUpper);
            JsonNumbers.put(e, "meanGap", entropy.meanGap);
            JsonNumbers.put(e, "minGap", entropy.minGap);
        }
        if (perToken) {
            ObjectNode t = n.putObject("perToken");
            array(t, "surprisal", surprisal);
            array(t, "cumulativeSurprisal", cumulativeSurprisal());
            array(t, "windowMeans", windowMeans);
            if (entropy != null) {
                array(t, "entropyLower", entropy.lower);
                array(t, "entropyUpper", entropy.upper);
                array(t, "tailMass", entropy.tail);
                array(t, "gap", entropy.gap);
            }
        }
        return n;
    }

    private static void array(ObjectNode n, String field, double[] values) {
        ArrayNode a = n.putArray(field);
        for (double v : values) {
            if (Double.isFinite(v)) a.add(v);
            else if (Double.isNaN(v)) a.addNull();
            else a.add(v > 0 ? "Infinity" : "-Infinity");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TokenReport r && tokens == r.tokens && window == r.window && vocabularySize == r.vocabularySize
                && Arrays.equals(surprisal, r.surprisal) && Arrays.equals(windowMeans, r.windowMeans)
                && (entropy == null ? r.entropy == null : r.entropy != null && Arrays.equals(entropy.lower, r.entropy.lower)
                && Arrays.equals(entropy.upper, r.entropy.upper) && Arrays.equals(entropy.gap, r.entropy.gap));
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(surprisal) + window;
    }

    @Override
    public String toString() {
        return "TokenReport[" + tokens + " tokens, perplexity " + perplexity + ", max window " + maxWindowSurprisal + "]";
    }
}
