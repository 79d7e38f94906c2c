package dev.assay.fingerprint.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.assay.fingerprint.hv.Hypervector;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Scale;
import org.junit.jupiter.api.Test;

class ExponentialDecayTest {
    private static LiveSignature decay(double lambda, Hypervector tie) {
        return LiveSignature.create(UpdateStrategy.EXPONENTIAL_DECAY, UpdateParams.defaults().withLambda(lambda), tie);
    }

    /** mean_i = (2 c_i - T) / T with c_i = sum_k lambda^(t-k) x_k[i] and T = sum_k lambda^(t-k), summed naively. */
    private static void assertClosedForm(LiveSignature s, List<Hypervector> stream, double lambda) {
        int t = stream.size();
        int d = s.dimension();
        double total = 0;
        double[] counts = new double[d];
        for (int k = 0; k < t; k++) {
            double w = Math.pow(lambda, t - 1 - k);
            total += w;
            for (int i = 0; i < d; i++) {
                counts[i] += stream.get(k).get(i) ? w : 0;
            }
        }
        assertThat(s.weight()).isCloseTo(total, within(1e-12 * total));
        double[] mean = s.mean();
        for (int i = 0; i < d; i++) {
            assertThat(mean[i]).as("position %d after %d", i, t).isCloseTo((2 * counts[i] - total) / total, within(1e-12));
        }
    }

    @Property(tries = 60)
    void theMeanIsTheClosedFormSum(@ForAll long seed, @ForAll @DoubleRange(min = 0.05, max = 0.999) @Scale(4) double lambda,
                                   @ForAll @IntRange(min = 1, max = 300) int n) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Hypervector tie = Sources.random(rnd, 128);
        LiveSignature s = decay(lambda, tie);
        List<Hypervector> stream = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Hypervector v = Sources.random(rnd, 128);
            stream.add(v);
            s.add(v);
        }
        assertClosedForm(s, stream, lambda);
    }

    @Test
    void aSmallFactorRescalesTheStoredWeightsWithoutChangingTheClosedForm() {
        // lambda = 0.01 multiplies the storage unit by 100 per response: rescaled about every 77 responses
        SplittableRandom rnd = new SplittableRandom(5);
        LiveSignature s = decay(0.01, Sources.random(rnd, 64));
        List<Hypervector> stream = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            Hypervector v = Sources.random(rnd, 64);
            stream.add(v);
            s.add(v);
            if (i % 50 == 49) {
                assertClosedForm(s, stream, 0.01);
            }
        }
        assertThat(s.majority()).isEqualTo(stream.get(499));
    }

    @Test
    void aResponsesInfluenceHalvesAfterItsHalfLife() {
        int halfLife = 25;
        LiveSignature s = LiveSignature.create(UpdateStrategy.EXPONENTIAL_DECAY,
                UpdateParams.defaults().withHalfLife(halfLife), Hypervector.zeros(64));
        s.add(Hypervector.ofWords(new long[] {-1L}));
        for (int k = 1; k <= 2 * halfLife; k++) {
            s.add(Hypervector.zeros(64));
            // every set bit is the first response's: its weight is (mean + 1) / 2 of the total
            double weightOfFirst = (s.mean()[17] + 1) / 2 * s.weight();
            assertThat(weightOfFirst).isCloseTo(Math.pow(0.5, (double) k / halfLife), within(1e-12));
            if (k == halfLife) {
                assertThat(weightOfFirst).isCloseTo(0.5, within(1e-12));
            }
        }
        assertThat(s.majority()).isEqualTo(Hypervector.zeros(64));
    }

    @Test
    void anAlternatingStreamHasTheClosedFormMean() {
        // x_k = X for odd k, its complement for even k. After t responses the positions set in X have
        // c = (1 - lambda^(t+1)) / (1 - lambda^2) for odd t, lambda (1 - lambda^t) / (1 - lambda^2) for even t,
        // of T = (1 - lambda^t) / (1 - lambda); so mean = 2c/T - 1 tends to +-(1 - lambda) / (1 + lambda), and the
        // share of the weight of the X responses while the newest is the complement to lambda / (1 + lambda).
        double lambda = 0.9;
        Hypervector x = Hypervector.ofWords(new long[] {0x0123_4567_89ab_cdefL, 0xfedc_ba98_7654_3210L});
        Hypervector notX = Hypervector.ofWords(new long[] {~0x0123_4567_89ab_cdefL, ~0xfedc_ba98_7654_3210L});
        Hypervector tie = Hypervector.zeros(128);
        LiveSignature s = decay(lambda, tie);
        int setInX = 0;
        while (!x.get(setInX)) {
            setInX++;
        }
        for (int t = 1; t <= 1_000; t++) {
            boolean odd = t % 2 == 1;
            s.add(odd ? x : notX);
            double total = (1 - Math.pow(lambda, t)) / (1 - lambda);
            double c = odd ? (1 - Math.pow(lambda, t + 1)) / (1 - lambda * lambda)
                    : lambda * (1 - Math.pow(lambda, t)) / (1 - lambda * lambda);
            double[] mean = s.mean();
            assertThat(s.weight()).isCloseTo(total, within(1e-12));
            assertThat(mean[setInX]).as("t = %d", t).isCloseTo(2 * c / total - 1, within(1e-12));
            assertThat(s.majority()).isEqualTo(odd ? x : notX);
        }
        double[] mean = s.mean();
        assertThat(mean[setInX]).isCloseTo(-(1 - lambda) / (1 + lambda), within(1e-12));
        assertThat((mean[setInX] + 1) / 2).isCloseTo(lambda / (1 + lambda), within(1e-12));
        assertThat(s.weight()).isCloseTo(1 / (1 - lambda), within(1e-12));
    }
}
