package dev.assay.llm.score;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded responses for the tests: per-token log-probabilities drawn around a level of surprisal, with top-k rows. */
final class Synthetic {
    private Synthetic() {}

    /**
     * A response of {@code n} tokens whose surprisals are exponential with mean {@code meanSurprisal}, each with a top-k
     * row holding the chosen token first and k-1 less likely alternatives.
     */
    static TokenScores response(Random rnd, int n, double meanSurprisal, int k) {
        List<String> tokens = new ArrayList<>(n);
        double[] lp = new double[n];
        double[][] top = k == 0 ? null : new double[n][];
        for (int i = 0; i < n; i++) {
            tokens.add("t" + rnd.nextInt(50_000));
            double s = -meanSurprisal * Math.log(1 - rnd.nextDouble());
            lp[i] = -s;
            if (top != null) {
                double[] row = new double[k];
                row[0] = lp[i];
                double left = 1 - Math.exp(lp[i]);
                for (int j = 1; j < k; j++) {
                    double p = Math.min(Math.exp(row[j - 1]), left * rnd.nextDouble() * 0.5);
                    row[j] = Math.log(Math.max(p, 1e-12));
                    left -= p;
                }
                top[i] = row;
            }
        }
        return new TokenScores(tokens, lp, top);
    }

    static List<TokenReport> reports(TokenScorer scorer, long seed, int count, int n, double meanSurprisal, int k) {
        Random rnd = new Random(seed);
        List<TokenReport> out = new ArrayList<>();
        for (int i = 0; i < count; i++) out.add(scorer.score(response(rnd, n, meanSurprisal, k)));
        return out;
    }
}
