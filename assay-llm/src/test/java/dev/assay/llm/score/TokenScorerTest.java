package dev.assay.llm.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class TokenScorerTest {
    static final double EPS = 1e-12;

    @Test
    void surprisalPerplexityMeanInverseWindowsAndCumulativeByHand() {
        TokenScores s = TokenScores.of(List.of("a", "b", "c"), new double[] {-1, -2, -3});
        TokenReport r = TokenScorer.of(new TokenScorer.Config(2, 1000)).score(s);
        assertThat(r.surprisal()).containsExactly(1, 2, 3);
        assertThat(r.meanSurprisal()).isCloseTo(2, within(EPS));
        assertThat(r.perplexity()).isCloseTo(Math.exp(2), within(EPS));
        assertThat(r.meanInverseProbability()).isCloseTo((Math.E + Math.exp(2) + Math.exp(3)) / 3, within(1e-9));
        assertThat(r.meanInverseProbability()).isGreaterThan(r.perplexity());
        assertThat(r.windowMeans()).containsExactly(1.5, 2.5);
        assertThat(r.maxWindowSurprisal()).isEqualTo(2.5);
        assertThat(r.maxWindowAt()).isEqualTo(1);
        assertThat(r.maxSurprisal()).isEqualTo(3);
        assertThat(r.maxSurprisalAt()).isEqualTo(2);
        assertThat(r.totalSurprisal()).isEqualTo(6);
        assertThat(r.cumulativeSurprisal()).containsExactly(1, 3, 6);
        assertThat(TokenReport.bits(r.meanSurprisal())).isCloseTo(2 / Math.log(2), within(EPS));
        assertThat(r.hasEntropy()).isFalse();
    }

    @Test
    void aResponseShorterThanTheWindowIsOneWindow() {
        TokenReport r = TokenScorer.of(new TokenScorer.Config(16, 1000)).score(TokenScores.of(List.of("a", "b"), new double[] {-1, -3}));
        assertThat(r.windowMeans()).containsExactly(2.0);
        assertThat(r.maxWindowSurprisal()).isEqualTo(2.0);
    }

    @Test
    void theWholeDistributionGiven_theBoundsMeetAtTheExactEntropy_andTheGapIsTop1MinusTop2() {
        double[] p = {0.5, 0.25, 0.125, 0.125};
        double[] lp = Arrays.stream(p).map(Math::log).toArray();
        TokenReport r = TokenScorer.of(new TokenScorer.Config(4, 1000)).score(new TokenScores(List.of("x"), new double[] {lp[1]}, new double[][] {lp}));
        double h = 1.75 * Math.log(2);
        assertThat(r.entropy().lower()[0]).isCloseTo(h, within(1e-12));
        assertThat(r.entropy().upper()[0]).isCloseTo(h, within(1e-12));
        assertThat(r.entropy().tail()[0]).isCloseTo(0, within(1e-12));
        assertThat(r.entropy().gap()[0]).isCloseTo(Math.log(2), within(1e-12));
    }

    @Test
    void aTailNoLargerThanTheKthTokenIsOneToken_theUpperBoundSpreadsItOverTheVocabulary() {
        double[] lp = {Math.log(0.6), Math.log(0.3)};
        TokenReport r = TokenScorer.of(new TokenScorer.Config(4, 102)).score(new TokenScores(List.of("x"), new double[] {lp[0]}, new double[][] {lp}));
        double known = -0.6 * Math.log(0.6) - 0.3 * Math.log(0.3);
        assertThat(r.entropy().lower()[0]).isCloseTo(known - 0.1 * Math.log(0.1), within(1e-12));
        assertThat(r.entropy().upper()[0]).isCloseTo(known - 0.1 * Math.log(0.1 / 100), within(1e-12));
    }

    @Test
    void aChosenTokenSampledFromBelowTheTopKCountsAsKnown() {
        double[] top = {Math.log(0.5), Math.log(0.3)};
        double chosen = Math.log(0.05);
        TokenReport r = TokenScorer.of(new TokenScorer.Config(4, 1000)).score(new TokenScores(List.of("x"), new double[] {chosen}, new double[][] {top}));
        assertThat(r.entropy().tail()[0]).isCloseTo(0.15, within(1e-12));
        assertThat(r.surprisal()[0]).isCloseTo(-Math.log(0.05), within(1e-12));
    }

    /**
     * The design's gate: the entropy of the top 10 alone is at most ln 10 whatever the model does, so a threshold above
     * it never fails. A flat distribution over 1,000 tokens has entropy ln 1000; its top-10 entropy stays below ln 10,
     * while the bounds keep the tail: the upper bound is the true entropy and the lower bound exceeds ln 10.
     */
    @Test
    void theTop10EntropyOfAFlatDistributionStaysBelowLn10_theBoundsDoNot() {
        int v = 1000;
        double[] top = new double[10];
        Arrays.fill(top, Math.log(1.0 / v));
        double top10Only = 0;
        double mass = 10.0 / v;
        for (double lp : top) top10Only += -(Math.exp(lp) / mass) * (lp - Math.log(mass));
        assertThat(top10Only).isLessThanOrEqualTo(Math.log(10) + 1e-12);
        TokenReport r = TokenScorer.of(new TokenScorer.Config(4, v)).score(new TokenScores(List.of("x"), new double[] {top[0]}, new double[][] {top}));
        assertThat(r.entropy().upper()[0]).isCloseTo(Math.log(v), within(1e-9));
        assertThat(r.entropy().lower()[0]).isCloseTo(Math.log(v), within(1e-9)); // the cap forces the tail flat too
        assertThat(r.entropy().lower()[0]).isGreaterThan(Math.log(10));
    }

    /** For any distribution over a vocabulary, the bounds from its top k hold its entropy. */
    @Property(tries = 300)
    void theBoundsHoldTheTrueEntropy(@ForAll @IntRange(min = 2, max = 400) int vocabulary, @ForAll @IntRange(min = 1, max = 20) int k,
                                     @ForAll @LongRange(min = 0, max = 1_000_000) long seed, @ForAll @IntRange(min = 0, max = 3) int shape) {
        Random rnd = new Random(seed);
        double[] w = new double[vocabulary];
        double sum = 0;
        for (int i = 0; i < vocabulary; i++) {
            w[i] = switch (shape) {
                case 0 -> rnd.nextDouble();
                case 1 -> Math.exp(4 * rnd.nextGaussian());
                case 2 -> 1.0 / (i + 1);
                default -> i == 0 ? 100 : rnd.nextDouble();
            };
            sum += w[i];
        }
        double h = 0;
        List<Double> lps = new ArrayList<>();
        for (int i = 0; i < vocabulary; i++) {
            double p = w[i] / sum;
            if (p > 0) h -= p * Math.log(p);
            lps.add(Math.log(p));
        }
        lps.sort(Collections.reverseOrder());
        int kk = Math.min(k, vocabulary);
        double[] top = new double[kk];
        for (int i = 0; i < kk; i++) top[i] = lps.get(i);
        double chosen = lps.get(rnd.nextInt(vocabulary));
        TokenReport r = TokenScorer.of(new TokenScorer.Config(4, vocabulary)).score(new TokenScores(List.of("x"), new double[] {chosen}, new double[][] {top}));
        assertThat(r.entropy().lower()[0]).isLessThanOrEqualTo(h + 1e-9);
        assertThat(r.entropy().upper()[0]).isGreaterThanOrEqualTo(h - 1e-9);
    }

    /** The windowed means are the plain means of every run of w tokens. */
    @Property(tries = 200)
    void windowMeansAreThePlainMeans(@ForAll @IntRange(min = 1, max = 60) int n, @ForAll @IntRange(min = 1, max = 20) int window,
                                     @ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        Random rnd = new Random(seed);
        double[] lp = new double[n];
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            lp[i] = -5 * rnd.nextDouble();
            tokens.add("t" + i);
        }
        TokenReport r = TokenScorer.of(new TokenScorer.Config(window, 1000)).score(TokenScores.of(tokens, lp));
        int w = Math.min(window, n);
        double[] means = r.windowMeans();
        assertThat(means).hasSize(n - w + 1);
        double max = Double.NEGATIVE_INFINITY;
        for (int s = 0; s + w <= n; s++) {
            double m = 0;
            for (int i = s; i < s + w; i++) m -= lp[i];
            m /= w;
            assertThat(means[s]).isCloseTo(m, within(1e-9));
            max = Math.max(max, m);
        }
        assertThat(r.maxWindowSurprisal()).isCloseTo(max, within(1e-9));
        assertThat(r.cumulativeSurprisal()[n - 1]).isCloseTo(r.totalSurprisal(), within(1e-9));
    }
}
