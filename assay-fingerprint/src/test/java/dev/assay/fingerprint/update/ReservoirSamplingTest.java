package dev.assay.fingerprint.update;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.fingerprint.hv.Hypervector;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ReservoirSamplingTest {
    private static ReservoirSignature reservoir(int size, long seed, Hypervector tie) {
        return (ReservoirSignature) LiveSignature.create(UpdateStrategy.RESERVOIR_SAMPLING,
                UpdateParams.defaults().withReservoir(size, seed), tie);
    }

    private static List<Hypervector> stream(long seed, int n, int dimension) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Hypervector> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Sources.random(rnd, dimension));
        }
        return out;
    }

    @Test
    void theFirstRResponsesAreAllKeptInOrder() {
        List<Hypervector> in = stream(1, 10, 128);
        ReservoirSignature s = reservoir(10, 42, Hypervector.zeros(128));
        in.forEach(s::add);
        assertThat(s.contents()).containsExactlyElementsOf(in);
        assertThat(s.weight()).isEqualTo(10.0);
    }

    @Test
    void theReservoirFollowsAlgorithmRWithTheSeededGenerator() {
        // the same algorithm written out: slot j = nextLong(i) of SplittableRandom(seed) for the i-th response
        int size = 7;
        long seed = 99;
        List<Hypervector> in = stream(2, 300, 64);
        ReservoirSignature s = reservoir(size, seed, Hypervector.zeros(64));
        SplittableRandom rnd = new SplittableRandom(seed);
        Hypervector[] expected = new Hypervector[size];
        for (int i = 1; i <= in.size(); i++) {
            s.add(in.get(i - 1));
            if (i <= size) {
                expected[i - 1] = in.get(i - 1);
            } else {
                long j = rnd.nextLong(i);
                if (j < size) {
                    expected[(int) j] = in.get(i - 1);
                }
            }
        }
        assertThat(s.contents()).containsExactly(expected);
        assertThat(s.seen()).isEqualTo(300);
    }

    @Test
    void theSameSeedAndResponsesGiveTheSameSignature() {
        List<Hypervector> in = stream(3, 500, 256);
        Hypervector tie = Hypervector.zeros(256);
        ReservoirSignature a = reservoir(15, 7, tie);
        ReservoirSignature b = reservoir(15, 7, tie);
        ReservoirSignature other = reservoir(15, 8, tie);
        for (Hypervector v : in) {
            a.add(v);
            b.add(v);
            other.add(v);
        }
        assertThat(a.majority()).isEqualTo(b.majority());
        assertThat(a.contents()).isEqualTo(b.contents());
        assertThat(a.mean()).containsExactly(b.mean());
        assertThat(other.contents()).isNotEqualTo(a.contents());
    }

    @Property(tries = 100)
    void theSignatureIsAlwaysTheBundleOfTheReservoir(@ForAll long seed, @ForAll @IntRange(min = 1, max = 12) int size,
                                                     @ForAll @IntRange(min = 0, max = 80) int n) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Hypervector tie = Sources.random(rnd, 128);
        ReservoirSignature s = reservoir(size, seed, tie);
        List<Hypervector> in = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Hypervector v = i > 0 && rnd.nextInt(3) == 0 ? in.get(rnd.nextInt(in.size())) : Sources.random(rnd, 128);
            in.add(v);
            s.add(v);
            assertThat(s.majority()).isEqualTo(Sources.bundle(tie, s.contents()).majority());
            assertThat(s.weight()).isEqualTo(Math.min(i + 1, size));
        }
        assertThat(s.mean()).containsExactly(Sources.naiveMean(s.contents(), 128));
    }

    @Test
    void eachOfNResponsesIsKeptWithProbabilityROverN() {
        int n = 100;
        int size = 10;
        int runs = 20_000;
        Hypervector[] items = new Hypervector[n];
        for (int i = 0; i < n; i++) {
            items[i] = Hypervector.ofWords(new long[] {i});
        }
        int[] kept = new int[n];
        for (int run = 0; run < runs; run++) {
            ReservoirSignature s = reservoir(size, run, Hypervector.zeros(64));
            for (Hypervector v : items) {
                s.add(v);
            }
            for (Hypervector v : s.contents()) {
                kept[(int) v.words()[0]]++;
            }
        }
        double p = (double) size / n;
        double fiveSigma = 5 * Math.sqrt(p * (1 - p) / runs);
        for (int i = 0; i < n; i++) {
            assertThat((double) kept[i] / runs).as("item %d", i).isBetween(p - fiveSigma, p + fiveSigma);
        }
    }
}
