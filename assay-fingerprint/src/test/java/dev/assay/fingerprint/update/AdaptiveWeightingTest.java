package dev.assay.fingerprint.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.assay.fingerprint.hv.Hypervector;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AdaptiveWeightingTest {
    private static final int D = 1024;
    private static final double SLOW = UpdateParams.DEFAULT_LAMBDA_SLOW;
    private static final double FAST = UpdateParams.DEFAULT_LAMBDA_FAST;

    private static AdaptiveSignature adaptive(Hypervector tie) {
        return (AdaptiveSignature) LiveSignature.create(UpdateStrategy.ADAPTIVE_WEIGHTING, UpdateParams.defaults(), tie);
    }

    @Test
    void beforeAnyResponseThereIsNoFactorAndTheFirstUsesTheSlowOne() {
        SplittableRandom rnd = new SplittableRandom(1);
        AdaptiveSignature s = adaptive(Sources.random(rnd, D));
        assertThat(s.lastFactor()).isNaN();
        s.add(Sources.random(rnd, D));
        assertThat(s.lastFactor()).isEqualTo(SLOW);
    }

    @Test
    void aStationaryStreamAlmostAlwaysUsesTheSlowFactor() {
        SplittableRandom rnd = new SplittableRandom(2);
        Hypervector source = Sources.random(rnd, D);
        AdaptiveSignature s = adaptive(Sources.random(rnd, D));
        int fast = 0;
        for (int i = 0; i < 3_000; i++) {
            s.add(Sources.noisy(source, rnd));
            if (i < 100) {
                // the warm-up (1 / (1 - lambdaSlow) distances) is never surprising
                assertThat(s.lastFactor()).isEqualTo(SLOW);
            }
            fast += s.lastFactor() == FAST ? 1 : 0;
        }
        // a 3-sigma threshold on an about normal distance: false alarms near 0.13% of responses
        assertThat(fast).isLessThanOrEqualTo(30);
        assertThat(s.majority()).isEqualTo(source);
    }

    @Test
    void anAbruptSwitchUsesTheFastFactorAndTheMajorityFollowsFarSoonerThanWithSlowDecay() {
        for (long seed = 0; seed < 5; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed);
            Hypervector tie = Sources.random(rnd, D);
            Hypervector before = Sources.random(rnd, D);
            Hypervector after = Sources.random(rnd, D);
            AdaptiveSignature adaptive = adaptive(tie);
            LiveSignature slowDecay = LiveSignature.create(UpdateStrategy.EXPONENTIAL_DECAY,
                    UpdateParams.defaults().withLambda(SLOW), tie);
            for (int i = 0; i < 1_000; i++) {
                Hypervector v = Sources.noisy(before, rnd);
                adaptive.add(v);
                slowDecay.add(v);
            }
            int adaptiveFollowedAfter = 0;
            int decayFollowedAfter = 0;
            List<Double> factors = new ArrayList<>();
            for (int i = 1; i <= 300; i++) {
                Hypervector v = Sources.noisy(after, rnd);
                adaptive.add(v);
                slowDecay.add(v);
                factors.add(adaptive.lastFactor());
                if (adaptiveFollowedAfter == 0 && closerTo(adaptive.majority(), after, before)) {
                    adaptiveFollowedAfter = i;
                }
                if (decayFollowedAfter == 0 && closerTo(slowDecay.majority(), after, before)) {
                    decayFollowedAfter = i;
                }
            }
            assertThat(factors.subList(0, 10)).as("seed %d", seed).containsOnly(FAST);
            // the old responses' weight (about 1 / (1 - 0.99) = 100) must fall below the new ones': about
            // ln 21 / ln 1.25 = 14 fast steps, against ln 2 / -ln 0.99 = 69 slow ones
            assertThat(adaptiveFollowedAfter).as("seed %d", seed).isBetween(10, 18);
            assertThat(decayFollowedAfter).as("seed %d", seed).isBetween(60, 80);
            // once the majority is the new source's, the responses are ordinary again
            assertThat(factors.subList(100, 300)).as("seed %d", seed).filteredOn(f -> f == FAST).hasSizeLessThan(5);
            assertThat(adaptive.majority()).isEqualTo(after);
        }
    }

    private static boolean closerTo(Hypervector majority, Hypervector target, Hypervector other) {
        return majority.similarity(target) > majority.similarity(other);
    }

    @Test
    void theWeightsAreTheProductsOfTheFactorsUsed() {
        SplittableRandom rnd = new SplittableRandom(3);
        int d = 128;
        Hypervector a = Sources.random(rnd, d);
        Hypervector b = Sources.random(rnd, d);
        AdaptiveSignature s = adaptive(Sources.random(rnd, d));
        List<Hypervector> stream = new ArrayList<>();
        List<Double> factors = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            Hypervector v = Sources.noisy(i < 250 ? a : b, rnd);
            stream.add(v);
            s.add(v);
            factors.add(s.lastFactor());
        }
        assertThat(factors).contains(FAST);
        // weight of response k after t: the product of the factors of responses k+1..t
        double[] weights = new double[stream.size()];
        double w = 1;
        for (int k = stream.size() - 1; k >= 0; k--) {
            weights[k] = w;
            w *= factors.get(k);
        }
        double total = 0;
        for (double x : weights) {
            total += x;
        }
        assertThat(s.weight()).isCloseTo(total, within(1e-12 * total));
        double[] mean = s.mean();
        for (int i = 0; i < d; i++) {
            double c = 0;
            for (int k = 0; k < stream.size(); k++) {
                c += stream.get(k).get(i) ? weights[k] : 0;
            }
            assertThat(mean[i]).as("position %d", i).isCloseTo((2 * c - total) / total, within(1e-12));
        }
        assertThat(s.seen()).isEqualTo(400);
    }
}
