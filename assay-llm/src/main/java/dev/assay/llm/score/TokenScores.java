package dev.assay.llm.score;

import dev.assay.core.InvalidInputException;
import dev.assay.models.chat.ChatResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What the token monitor reads of one response: its tokens, the log-probability (natural log) of each chosen token and,
 * when the provider returned them, the log-probabilities of the most likely tokens at each position ({@code top[i]},
 * OpenAI's {@code top_logprobs}: the chosen token is among them unless it was sampled from below the top k).
 *
 * <p>Checked whole when built, each problem an {@link InvalidInputException} naming the token: at least one token and
 * at most {@link #MAX_TOKENS}; as many log-probabilities as tokens; every value finite and at most 0 (values in
 * {@code (0, LOGPROB_TOLERANCE]}, rounding of a certain token, count as 0); top-k log-probabilities either for every token
 * or for none, 1 to {@link #MAX_TOP_K} per token, their probabilities summing to at most 1 (within
 * {@link #MASS_TOLERANCE}), and the chosen token no more likely than the most likely alternative (within
 * {@link #CHOSEN_TOLERANCE}). Each top-k row is kept sorted, most likely first.
 *
 * @param tokens   the tokens as the model produced them
 * @param logprobs the chosen tokens' log-probabilities
 * @param top      per token, the top-k log-probabilities, most likely first; {@code null} when the provider gave none
 */
public record TokenScores(List<String> tokens, double[] logprobs, double[][] top) {
    /** The most tokens one response may have. */
    public static final int MAX_TOKENS = 1_000_000;
    /** The most alternatives per token. */
    public static final int MAX_TOP_K = 100;
    /** How far above 0 a log-probability may be and still be read as 0 (providers round certain tokens). */
    public static final double LOGPROB_TOLERANCE = 1e-4;
    /** How far above 1 the probabilities of one token's alternatives may sum (rounding of the log-probabilities). */
    public static final double MASS_TOLERANCE = 1e-3;
    /** How far (in log-probability) the chosen token may lie above the most likely alternative. */
    public static final double CHOSEN_TOLERANCE = 1e-3;

    public TokenScores {
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(logprobs, "logprobs");
        tokens = List.copyOf(tokens);
        int n = tokens.size();
        if (n == 0 && logprobs.length == 0) throw new InvalidInputException("no tokens: the response has no log-probabilities to score");
        if (logprobs.length != n)
            throw new InvalidInputException("mismatched token counts: " + n + " tokens but " + logprobs.length + " log-probabilities");
        if (n > MAX_TOKENS) throw new InvalidInputException("the response has " + n + " tokens, more than the " + MAX_TOKENS + " allowed");
        logprobs = logprobs.clone();
        for (int i = 0; i < n; i++) logprobs[i] = checked(logprobs[i], "the log-probability of token " + i);
        if (top != null) {
            if (top.length != n)
                throw new InvalidInputException("mismatched token counts: " + n + " tokens but top-k log-probabilities for " + top.length);
            double[][] rows = new double[n][];
            for (int i = 0; i < n; i++) {
                double[] row = top[i];
                if (row == null || row.length == 0)
                    throw new InvalidInputException("missing top-k log-probabilities for token " + i + " (given for some tokens, they are needed for every token)");
                if (row.length > MAX_TOP_K)
                    throw new InvalidInputException("token " + i + " has " + row.length + " top-k log-probabilities, more than the " + MAX_TOP_K + " allowed");
                double[] r = new double[row.length];
                double mass = 0;
                for (int j = 0; j < row.length; j++) {
                    r[j] = checked(row[j], "top-k log-probability " + j + " of token " + i);
                    mass += Math.exp(r[j]);
                }
                if (mass > 1 + MASS_TOLERANCE)
                    throw new InvalidInputException("the top-k probabilities of token " + i + " sum to " + round(mass) + ", more than 1");
                Arrays.sort(r);
                reverse(r);
                if (logprobs[i] > r[0] + CHOSEN_TOLERANCE)
                    throw new InvalidInputException("token " + i + " has log-probability " + round(logprobs[i])
                            + ", above its most likely alternative's " + round(r[0]) + " (top-k log-probabilities must be the most likely tokens)");
                rows[i] = r;
            }
            top = rows;
        }
    }

    /** Tokens and chosen log-probabilities only. */
    public static TokenScores of(List<String> tokens, double[] logprobs) {
        return new TokenScores(tokens, logprobs, null);
    }

    /**
     * The per-token log-probabilities of a chat response ({@link ChatResponse#logprobs()}), with the alternatives when
     * every token has some; a response without log-probabilities is refused (ask with {@code logprobs: true}).
     */
    public static TokenScores of(ChatResponse response) {
        Objects.requireNonNull(response, "response");
        List<ChatResponse.TokenLogprob> lp = response.logprobs();
        if (lp.isEmpty()) throw new InvalidInputException("missing logprobs: the response carries no per-token log-probabilities (request them with logprobs=true)");
        List<String> tokens = lp.stream().map(ChatResponse.TokenLogprob::token).toList();
        double[] chosen = new double[lp.size()];
        boolean anyTop = false;
        for (int i = 0; i < chosen.length; i++) {
            chosen[i] = lp.get(i).logprob();
            anyTop |= !lp.get(i).top().isEmpty();
        }
        double[][] top = null;
        if (anyTop) {
            top = new double[lp.size()][];
            for (int i = 0; i < top.length; i++) top[i] = lp.get(i).top().stream().mapToDouble(ChatResponse.Alternative::logprob).toArray();
        }
        return new TokenScores(tokens, chosen, top);
    }

    /** The number of tokens. */
    public int size() {
        return tokens.size();
    }

    /** Whether top-k log-probabilities were given (for every token). */
    public boolean hasTop() {
        return top != null;
    }

    @Override
    public double[] logprobs() {
        return logprobs.clone();
    }

    @Override
    public double[][] top() {
        if (top == null) return null;
        double[][] out = new double[top.length][];
        for (int i = 0; i < top.length; i++) out[i] = top[i].clone();
        return out;
    }

    /** The chosen token's log-probability at {@code i}, without copying. */
    double logprob(int i) {
        return logprobs[i];
    }

    /** The top-k row at {@code i}, shared: callers must not change it. */
    double[] topRow(int i) {
        return top[i];
    }

    private static double checked(double v, String what) {
        if (Double.isNaN(v)) throw new InvalidInputException(what + " is NaN");
        if (Double.isInfinite(v))
            throw new InvalidInputException(what + " is " + (v > 0 ? "+" : "-") + "infinite (a log-probability must be finite)");
        if (v > LOGPROB_TOLERANCE)
            throw new InvalidInputException(what + " is " + round(v) + ", positive (a log-probability is at most 0; raw logits are not log-probabilities)");
        return Math.min(v, 0.0);
    }

    private static void reverse(double[] a) {
        for (int i = 0, j = a.length - 1; i < j; i++, j--) {
            double t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    static String round(double v) {
        return String.format(java.util.Locale.ROOT, "%.6g", v);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TokenScores t && tokens.equals(t.tokens) && Arrays.equals(logprobs, t.logprobs) && Arrays.deepEquals(top, t.top);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * tokens.hashCode() + Arrays.hashCode(logprobs)) + Arrays.deepHashCode(top);
    }

    @Override
    public String toString() {
        return "TokenScores[" + tokens.size() + " tokens" + (top == null ? "" : ", top-" + top[0].length) + "]";
    }
}
