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

class SlidingWindowTest {
    private static LiveSignature window(int size, Hypervector tie) {
        return LiveSignature.create(UpdateStrategy.SLIDING_WINDOW, UpdateParams.defaults().withWindowSize(size), tie);
    }

    @Property(tries = 200)
    void theSignatureIsTheBundleOfTheLastWResponses(@ForAll long seed, @ForAll @IntRange(min = 1, max = 20) int size,
                                                    @ForAll @IntRange(min = 0, max = 70) int n) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Hypervector tie = Sources.random(rnd, 128);
        LiveSignature s = window(size, tie);
        List<Hypervector> stream = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // repeated vectors make exact ties (decided by the tie-break) likely
            Hypervector v = i > 0 && rnd.nextInt(3) == 0 ? stream.get(rnd.nextInt(stream.size())) : Sources.random(rnd, 128);
            stream.add(v);
            s.add(v);
            List<Hypervector> last = stream.subList(Math.max(0, stream.size() - size), stream.size());
            assertThat(s.majority()).isEqualTo(Sources.bundle(tie, last).majority());
        }
        List<Hypervector> last = stream.subList(Math.max(0, n - size), n);
        assertThat(s.mean()).containsExactly(Sources.naiveMean(last, 128));
        assertThat(s.weight()).isEqualTo(Math.min(n, size));
        assertThat(s.seen()).isEqualTo(n);
    }

    @Test
    void aWindowOfOneIsTheLastResponse() {
        SplittableRandom rnd = new SplittableRandom(11);
        LiveSignature s = window(1, Sources.random(rnd, 256));
        for (int i = 0; i < 20; i++) {
            Hypervector v = Sources.random(rnd, 256);
            s.add(v);
            assertThat(s.majority()).isEqualTo(v);
            assertThat(s.weight()).isEqualTo(1.0);
        }
    }

    @Test
    void anOldSourceLeavesTheWindowEntirelyAfterWResponses() {
        SplittableRandom rnd = new SplittableRandom(12);
        Hypervector old = Sources.random(rnd, 512);
        Hypervector current = Sources.random(rnd, 512);
        Hypervector tie = Sources.random(rnd, 512);
        LiveSignature s = window(50, tie);
        for (int i = 0; i < 200; i++) {
            s.add(old);
        }
        long[] o = old.words();
        long[] c = current.words();
        long[] t = tie.words();
        long[] halfAndHalf = new long[o.length];
        for (int w = 0; w < o.length; w++) {
            halfAndHalf[w] = (o[w] & c[w]) | ((o[w] ^ c[w]) & t[w]);
        }
        for (int i = 1; i <= 50; i++) {
            s.add(current);
            // the old source keeps the majority while it holds more than half of the window; at half each,
            // the positions where the two differ take the tie-break's bit
            Hypervector expected = i < 25 ? old : i > 25 ? current : Hypervector.ofWords(halfAndHalf);
            assertThat(s.majority()).as("after %d", i).isEqualTo(expected);
        }
        double[] mean = s.mean();
        for (int i = 0; i < 512; i++) {
            assertThat(mean[i]).isEqualTo(current.get(i) ? 1.0 : -1.0);
        }
    }
}
