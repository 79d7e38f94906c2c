package dev.assay.fingerprint.hv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class BundlerRemoveTest {
    private static Hypervector random(Random rnd, int words) {
        return HypervectorPropertiesTest.random(rnd, words);
    }

    private static void assertSameBundle(Bundler actual, Bundler expected) {
        assertThat(actual.count()).isEqualTo(expected.count());
        for (int bit = 0; bit < expected.dimension(); bit++) {
            assertThat(actual.countAt(bit)).as("count at %d", bit).isEqualTo(expected.countAt(bit));
        }
        assertThat(actual.majority()).isEqualTo(expected.majority());
    }

    @Property(tries = 300)
    void removingASubMultisetLeavesTheBundleOfTheRest(@ForAll long seed, @ForAll @IntRange(min = 0, max = 40) int n,
                                                      @ForAll @IntRange(min = 1, max = 4) int words) {
        Random rnd = new Random(seed);
        Hypervector tie = random(rnd, words);
        List<Hypervector> added = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // repeats make the multiset matter and exact ties likely
            added.add(i > 0 && rnd.nextInt(3) == 0 ? added.get(rnd.nextInt(added.size())) : random(rnd, words));
        }
        Bundler bundler = new Bundler(tie);
        added.forEach(bundler::add);
        List<Hypervector> removed = new ArrayList<>();
        List<Hypervector> kept = new ArrayList<>();
        for (Hypervector v : added) {
            (rnd.nextBoolean() ? removed : kept).add(v);
        }
        Collections.shuffle(removed, rnd);
        removed.forEach(bundler::remove);

        Bundler rest = new Bundler(tie);
        kept.forEach(rest::add);
        assertSameBundle(bundler, rest);
    }

    @Property(tries = 100)
    void addingAndRemovingInterleavedTracksTheCurrentMultiset(@ForAll long seed) {
        Random rnd = new Random(seed);
        Hypervector tie = random(rnd, 1);
        Bundler bundler = new Bundler(tie);
        List<Hypervector> inside = new ArrayList<>();
        for (int step = 0; step < 200; step++) {
            if (!inside.isEmpty() && rnd.nextInt(5) < 2) {
                bundler.remove(inside.remove(rnd.nextInt(inside.size())));
            } else {
                Hypervector v = random(rnd, 1);
                inside.add(v);
                bundler.add(v);
            }
        }
        Bundler fresh = new Bundler(tie);
        inside.forEach(fresh::add);
        assertSameBundle(bundler, fresh);
    }

    @Test
    void removingEverythingGivesTheEmptyBundleAndItCanBeRefilled() {
        Random rnd = new Random(7);
        Hypervector tie = random(rnd, 2);
        Hypervector a = random(rnd, 2);
        Hypervector b = random(rnd, 2);
        Bundler bundler = new Bundler(tie).add(a).add(b).add(a);
        bundler.remove(a).remove(b).remove(a);
        assertThat(bundler.count()).isZero();
        assertThat(bundler.majority()).isEqualTo(tie);
        bundler.add(b);
        assertThat(bundler.majority()).isEqualTo(b);
        assertThat(bundler.countAt(0)).isEqualTo(b.get(0) ? 1 : 0);
    }

    @Test
    void removingFromAnEmptyBundlerIsRefused() {
        Bundler bundler = new Bundler(Hypervector.zeros(64));
        assertThatThrownBy(() -> bundler.remove(Hypervector.zeros(64)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty bundler");
        assertThat(bundler.count()).isZero();
    }

    @Test
    void aVectorSetWhereNoVectorAddedIsRefusedAndNothingChanges() {
        // positions 0..63 of word 0 and 64..127 of word 1; the vector to remove differs only in the last word,
        // so a check made while mutating would already have changed word 0
        Hypervector added = Hypervector.ofWords(new long[] {0b1011L, 0b0001L});
        Hypervector notAdded = Hypervector.ofWords(new long[] {0b1011L, 0b0011L});
        Bundler bundler = new Bundler(Hypervector.zeros(128)).add(added).add(added);
        Bundler copy = new Bundler(Hypervector.zeros(128)).add(added).add(added);

        assertThatThrownBy(() -> bundler.remove(notAdded))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not added")
                .hasMessageContaining("bit 65 set");
        assertSameBundle(bundler, copy);
    }

    @Test
    void aVectorClearWhereEveryVectorAddedIsSetIsRefusedAndNothingChanges() {
        Hypervector a = Hypervector.ofWords(new long[] {0b0111L});
        Hypervector b = Hypervector.ofWords(new long[] {0b0101L});
        Bundler bundler = new Bundler(Hypervector.zeros(64)).add(a).add(b);
        Bundler copy = new Bundler(Hypervector.zeros(64)).add(a).add(b);

        // bit 2 is set in both vectors added, so no vector added has it clear
        assertThatThrownBy(() -> bundler.remove(Hypervector.ofWords(new long[] {0b0011L})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bit 2 clear");
        assertSameBundle(bundler, copy);
        bundler.remove(b);
        assertThat(bundler.majority()).isEqualTo(a);
    }

    @Test
    void aVectorOfAnotherDimensionIsRefusedWithBothDimensions() {
        Bundler bundler = new Bundler(Hypervector.zeros(128)).add(Hypervector.zeros(128));
        assertThatThrownBy(() -> bundler.remove(Hypervector.zeros(64)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("128")
                .hasMessageContaining("64");
        assertThat(bundler.count()).isEqualTo(1);
    }
}
