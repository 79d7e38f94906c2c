package dev.assay.fingerprint.encode;

import dev.assay.fingerprint.response.TokenLogprob;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * The symbols of a response's log-probability profile, position by position: how surprised the model was by its own
 * token, where that token ranked among the top alternatives, how spread the top alternatives were, how far the best
 * stood above the second, joint pairs of these, and the surprisal of consecutive positions. Surprisal and entropy
 * are thermometer-coded (bucket b gives the symbols {@code >=1} .. {@code >=b}), so the bundle of a response, with
 * repeats, is a random projection of the survival functions of the two (whose distance is a Cramér-von Mises-like
 * distance between the distributions and moves with their means), not only of which bucket is most common. Token identities are left
 * out on purpose: the text component already sees the words, and the profile should tell a quantized or re-tuned
 * deployment that writes the same words apart by its confidence alone.
 *
 * <p>Buckets: surprisal {@code -logprob} on a doubling scale from 0.01 nats, since a chat model is nearly sure of
 * most of its tokens and the differences between models lie in how sure (bucket 0 below 0.01, then
 * 1 for [0.01, 0.02), 2 for [0.02, 0.04) .. 11 from 10.24); rank of the chosen token among the
 * alternatives, 5 and beyond as one ({@code r:0} .. {@code r:5}, {@code r:5} also when it is not among them);
 * entropy of the alternatives with the tail mass {@code 1 - sum p} as one more outcome (a lower bound of the full
 * entropy) on the same doubling scale; gap between the best two log-probabilities in
 * steps of 0.5 nats up to 10 ({@code g:0} .. {@code g:20}, {@code g:-} with one alternative).
 * Positions without alternatives give only their surprisal symbols.
 */
final class LogprobSymbols {
    /** The first boundary of the doubling scale, in nats. */
    static final double SCALE_START = 0.01;
    /** The last bucket of the doubling scale. */
    static final int SCALE_BUCKETS = 11;
    static final int RANK_CAP = 5;
    static final int GAP_BUCKETS = 20;
    static final double GAP_STEP = 0.5;

    private LogprobSymbols() {}

    /** Sends every symbol of {@code tokens}, in order and with repeats, to {@code sink}. */
    static void forEach(List<TokenLogprob> tokens, Consumer<String> sink) {
        String prev = "^";
        for (TokenLogprob t : tokens) {
            int sb = doubling(-t.logprob());
            String s = Integer.toString(sb);
            for (int k = 1; k <= sb; k++) sink.accept("lp.s>=" + k);
            sink.accept("lp.ss:" + prev + ">" + s);
            prev = s;
            if (t.top().isEmpty()) continue;
            List<TokenLogprob.Alternative> top = new ArrayList<>(t.top());
            top.sort(Comparator.comparingDouble(TokenLogprob.Alternative::logprob).reversed());
            int rank = RANK_CAP;
            for (int i = 0; i < Math.min(top.size(), RANK_CAP); i++) {
                if (top.get(i).token().equals(t.token())) {
                    rank = i;
                    break;
                }
            }
            String r = Integer.toString(rank);
            int hb = doubling(entropy(top));
            String h = Integer.toString(hb);
            String g = top.size() < 2 ? "-" : Integer.toString(bucket(top.get(0).logprob() - top.get(1).logprob(), GAP_STEP, GAP_BUCKETS));
            sink.accept("lp.r:" + r);
            for (int k = 1; k <= hb; k++) sink.accept("lp.h>=" + k);
            sink.accept("lp.g:" + g);
            sink.accept("lp.sr:" + s + "/" + r);
            sink.accept("lp.hg:" + h + "/" + g);
        }
    }

    /**
     * The bucket of {@code x} on the doubling scale: 0 below {@value #SCALE_START}, then
     * {@code 1 + floor(log2(x / SCALE_START))}, at most {@value #SCALE_BUCKETS}.
     */
    static int doubling(double x) {
        if (!(x >= SCALE_START)) return 0;
        if (x == Double.POSITIVE_INFINITY) return SCALE_BUCKETS;
        return (int) Math.min(SCALE_BUCKETS, 1 + Math.floor(Math.log(x / SCALE_START) / Math.log(2) + 1e-9));
    }

    /** {@code floor(x / step)}, clamped to 0 .. {@code last}; a value within 1e-9 steps below a boundary counts as on it (rounding). */
    static int bucket(double x, double step, int last) {
        if (!(x > 0)) return 0;
        return (int) Math.min(last, Math.floor(x / step + 1e-9));
    }

    /**
     * The entropy, in nats, of the alternatives' probabilities with the tail mass as one more outcome; when rounding
     * makes the probabilities sum above 1 they are renormalised.
     */
    static double entropy(List<TokenLogprob.Alternative> top) {
        double sum = 0;
        for (TokenLogprob.Alternative a : top) sum += Math.exp(a.logprob());
        double scale = sum > 1 ? 1 / sum : 1;
        double h = 0;
        for (TokenLogprob.Alternative a : top) {
            double p = Math.exp(a.logprob()) * scale;
            if (p > 0) h -= p * Math.log(p);
        }
        double tail = 1 - sum * scale;
        if (tail > 0) h -= tail * Math.log(tail);
        return h;
    }
}
