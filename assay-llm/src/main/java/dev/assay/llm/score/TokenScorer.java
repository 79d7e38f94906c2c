package dev.assay.llm.score;

import dev.assay.core.InvalidInputException;
import java.util.Objects;

/**
 * Scores one response's tokens ({@link TokenScores}) into a {@link TokenReport}. Stateless and thread-safe.
 *
 * <p>Per token: the surprisal {@code -ln p} of the chosen token; with top-k log-probabilities, the entropy of the
 * next-token distribution bounded from both sides and the log-probability gap between the two most likely tokens.
 *
 * <p><b>Entropy with the tail bounded.</b> The top k tokens (and the chosen one, when it was sampled from below them)
 * have known probabilities of mass {@code m}; the unseen tail holds {@code r = 1 - m}, spread over the rest of the
 * vocabulary in some unknown way, each unseen token at most as likely as the k-th. The entropy is at least the known
 * part plus the tail packed into as few tokens as that cap allows ({@code floor(r / p_k)} tokens of {@code p_k} and one
 * of the remainder: the tail as a single token when {@code r <= p_k}), and at most the known part plus the tail spread
 * uniformly over the other {@code V - k} tokens of a vocabulary of {@code V} ({@link Config#vocabularySize()}). The
 * entropy of the top k alone (the tail ignored) is at most {@code ln k} whatever the model does, which is why a gate on
 * it cannot fail: with the tail bounded, the upper bound reaches {@code ln V} and the lower bound still counts the tail.
 */
public final class TokenScorer {
    /** Default window of the windowed mean surprisal, in tokens. */
    public static final int DEFAULT_WINDOW = 16;
    /** Default vocabulary size for the entropy's upper bound: 2^18, above the vocabularies of current open models (Gemma's 256,000). */
    public static final long DEFAULT_VOCABULARY_SIZE = 262_144;
    /** The largest window. */
    public static final int MAX_WINDOW = 100_000;
    /** The largest vocabulary size. */
    public static final long MAX_VOCABULARY_SIZE = 1L << 40;

    /**
     * How to score.
     *
     * @param window         tokens per window of the windowed mean surprisal
     * @param vocabularySize the model's vocabulary size, for the entropy's upper bound
     */
    public record Config(int window, long vocabularySize) {
        public Config {
            if (window < 1 || window > MAX_WINDOW) throw new InvalidInputException("window must be 1 to " + MAX_WINDOW + " tokens, but was " + window);
            if (vocabularySize < 2 || vocabularySize > MAX_VOCABULARY_SIZE)
                throw new InvalidInputException("vocabularySize must be 2 to " + MAX_VOCABULARY_SIZE + ", but was " + vocabularySize);
        }

        /** The defaults: {@value #DEFAULT_WINDOW}-token windows, vocabulary {@value #DEFAULT_VOCABULARY_SIZE}. */
        public static Config defaults() {
            return new Config(DEFAULT_WINDOW, DEFAULT_VOCABULARY_SIZE);
        }

        public Config withWindow(int w) {
            return new Config(w, vocabularySize);
        }
    }

    private final Config config;

    private TokenScorer(Config config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** A scorer with {@code config}. */
    public static TokenScorer of(Config config) {
        return new TokenScorer(config);
    }

    /** A scorer with the defaults. */
    public static TokenScorer defaults() {
        return new TokenScorer(Config.defaults());
    }

    public Config config() {
        return config;
    }

    /** The report of one response. */
    public TokenReport score(TokenScores s) {
        Objects.requireNonNull(s, "scores");
        int n = s.size();
        double[] surprisal = new double[n];
        double sum = 0;
        double inverse = 0;
        double max = Double.NEGATIVE_INFINITY;
        int maxAt = 0;
        for (int i = 0; i < n; i++) {
            double x = -s.logprob(i);
            surprisal[i] = x;
            sum += x;
            inverse += Math.exp(x);
            if (x > max) {
                max = x;
                maxAt = i;
            }
        }
        int w = Math.min(config.window(), n);
        double[] windowMeans = new double[n - w + 1];
        double run = 0;
        for (int i = 0; i < w; i++) run += surprisal[i];
        windowMeans[0] = run / w;
        double maxWindow = windowMeans[0];
        int maxWindowAt = 0;
        for (int i = w; i < n; i++) {
            run += surprisal[i] - surprisal[i - w];
            double m = run / w;
            windowMeans[i - w + 1] = m;
            if (m > maxWindow) {
                maxWindow = m;
                maxWindowAt = i - w + 1;
            }
        }
        TokenReport.Entropy entropy = s.hasTop() ? entropy(s, n) : null;
        double mean = sum / n;
        return new TokenReport(n, config.window(), config.vocabularySize(), surprisal, mean, Math.exp(mean), inverse / n, max, maxAt, sum,
                windowMeans, maxWindow, maxWindowAt, entropy);
    }

    private TokenReport.Entropy entropy(TokenScores s, int n) {
        double[] lower = new double[n];
        double[] upper = new double[n];
        double[] gap = new double[n];
        double[] tail = new double[n];
        double sumLower = 0;
        double sumUpper = 0;
        double maxUpper = Double.NEGATIVE_INFINITY;
        double sumGap = 0;
        int gaps = 0;
        double minGap = Double.POSITIVE_INFINITY;
        long vocabulary = config.vocabularySize();
        for (int i = 0; i < n; i++) {
            double[] row = s.topRow(i);
            int k = row.length;
            double known = 0;
            double mass = 0;
            for (double lp : row) {
                double p = Math.exp(lp);
                mass += p;
                if (p > 0) known -= p * lp;
            }
            double cap = Math.exp(row[k - 1]);
            long seen = k;
            double chosen = s.logprob(i);
            if (chosen < row[k - 1] - TokenScores.CHOSEN_TOLERANCE) { // sampled from below the top k: one more known token
                double p = Math.exp(chosen);
                mass += p;
                if (p > 0) known -= p * chosen;
                seen++;
            }
            double r = Math.max(0, 1 - mass);
            double lo = known;
            double hi = known;
            if (r > 0) {
                if (cap > 0) {
                    double full = Math.floor(r / cap);
                    double rem = r - full * cap;
                    lo += full * (-cap * Math.log(cap)) + (rem > 0 ? -rem * Math.log(rem) : 0);
                } else {
                    lo += -r * Math.log(r);
                }
                long rest = Math.max(1, vocabulary - seen);
                hi += r * Math.log(rest / r);
            }
            hi = Math.max(hi, lo);
            lower[i] = lo;
            upper[i] = hi;
            tail[i] = r;
            sumLower += lo;
            sumUpper += hi;
            maxUpper = Math.max(maxUpper, hi);
            if (k >= 2) {
                double g = row[0] - row[1];
                gap[i] = g;
                sumGap += g;
                gaps++;
                minGap = Math.min(minGap, g);
            } else {
                gap[i] = Double.NaN;
            }
        }
        return new TokenReport.Entropy(lower, upper, tail, gap, sumLower / n, sumUpper / n, maxUpper, gaps == 0 ? Double.NaN : sumGap / gaps,
                gaps == 0 ? Double.NaN : minGap);
    }
}
