package dev.assay.fingerprint.hv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class HypervectorPropertiesTest {
    static Hypervector random(Random rnd, int words) {
        long[] w = new long[words];
        for (int i = 0; i < words; i++) {
            w[i] = rnd.nextLong();
        }
        return Hypervector.ofWords(w);
    }

    @Property(tries = 200)
    void bindIsCommutativeAndItsOwnInverse(@ForAll long seed, @ForAll @IntRange(min = 1, max = 8) int words) {
        Random rnd = new Random(seed);
        Hypervector a = random(rnd, words);
        Hypervector b = random(rnd, words);
        assertThat(a.bind(b)).isEqualTo(b.bind(a));
        assertThat(a.bind(b).bind(b)).isEqualTo(a);
        assertThat(a.bind(a).bitCount()).isZero();
        assertThat(a.hamming(b)).isEqualTo(a.bind(b).bitCount());
    }

    @Property(tries = 300)
    void permuteMovesBitIToIPlusKAndIsUndoneByMinusK(@ForAll long seed, @ForAll @IntRange(min = 1, max = 6) int words,
                                                     @ForAll @IntRange(min = -1000, max = 1000) int k) {
        Random rnd = new Random(seed);
        Hypervector a = random(rnd, words);
        Hypervector b = random(rnd, words);
        int d = a.dimension();
        Hypervector p = a.permute(k);
        for (int i = 0; i < d; i++) {
            assertThat(p.get(Math.floorMod(i + k, d))).isEqualTo(a.get(i));
        }
        assertThat(p.permute(-k)).isEqualTo(a);
        assertThat(a.bind(b).permute(k)).isEqualTo(a.permute(k).bind(b.permute(k)));
        assertThat(p.bitCount()).isEqualTo(a.bitCount());
    }

    @Property(tries = 200)
    void bitSlicedMajorityEqualsCountingEachBit(@ForAll long seed, @ForAll @IntRange(min = 0, max = 40) int n,
                                                @ForAll @IntRange(min = 1, max = 4) int words) {
        Random rnd = new Random(seed);
        Hypervector tie = random(rnd, words);
        Bundler bundler = new Bundler(tie);
        List<Hypervector> vs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // some repeated vectors make exact ties likely
            Hypervector v = i > 0 && rnd.nextInt(3) == 0 ? vs.get(rnd.nextInt(vs.size())) : random(rnd, words);
            vs.add(v);
            bundler.add(v);
        }
        Hypervector m = bundler.majority();
        for (int bit = 0; bit < tie.dimension(); bit++) {
            int c = 0;
            for (Hypervector v : vs) {
                c += v.get(bit) ? 1 : 0;
            }
            assertThat(bundler.countAt(bit)).isEqualTo(c);
            boolean expected = 2 * c > n || (2 * c == n && tie.get(bit));
            assertThat(m.get(bit)).as("bit %d, count %d of %d", bit, c, n).isEqualTo(expected);
        }
        assertThat(bundler.count()).isEqualTo(n);
    }

    @Property(tries = 200)
    void mergingGivesExactlyTheBundleOfTheUnion(@ForAll long seed, @ForAll @IntRange(min = 0, max = 30) int n,
                                                @ForAll @IntRange(min = 0, max = 30) int split) {
        Random rnd = new Random(seed);
        Hypervector tie = random(rnd, 2);
        Bundler all = new Bundler(tie);
        Bundler left = new Bundler(tie);
        Bundler right = new Bundler(tie);
        for (int i = 0; i < n; i++) {
            Hypervector v = random(rnd, 2);
            all.add(v);
            (i < split ? left : right).add(v);
        }
        Bundler merged = new Bundler(tie).merge(right).merge(left);
        assertThat(merged.majority()).isEqualTo(all.majority());
        assertThat(merged.count()).isEqualTo(all.count());
        for (int bit = 0; bit < 128; bit++) {
            assertThat(merged.countAt(bit)).isEqualTo(all.countAt(bit));
        }
    }

    @Property(tries = 50)
    void aBundleResemblesWhatWentIntoItAndNotWhatDidNot(@ForAll long seed) {
        ItemMemory m = new ItemMemory(8_192, Long.toString(seed));
        Bundler b = new Bundler(m.tieBreak());
        b.add(m.vector("a")).add(m.vector("b")).add(m.vector("c"));
        Hypervector bundle = b.majority();
        // each of three random components agrees with their majority on about 3/4 of the bits
        for (String s : List.of("a", "b", "c")) {
            assertThat(bundle.similarity(m.vector(s))).isBetween(0.70, 0.80);
        }
        assertThat(bundle.similarity(m.vector("d"))).isBetween(0.46, 0.54);
    }
}
