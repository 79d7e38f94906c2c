package dev.assay.fingerprint.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class ProbeSelectionPropertiesTest {
    record Case(List<String> models, ProbeSet probes, Separation separation) {}

    static Case random(long seed, int models, int probes) {
        Random rng = new Random(seed);
        List<String> ms = new ArrayList<>();
        for (int i = 0; i < models; i++) ms.add("m" + i);
        List<Probe> ps = new ArrayList<>();
        Map<String, double[]> d = new HashMap<>();
        String[] words = {"pay", "book", "send", "read", "summarise", "hotel", "bill", "channel", "file", "meeting"};
        for (int p = 0; p < probes; p++) {
            String id = "q" + p;
            StringBuilder prompt = new StringBuilder();
            for (int w = 0; w < 6; w++) prompt.append(words[rng.nextInt(words.length)]).append(' ');
            ps.add(new Probe(id, prompt.toString() + p));
            double[] row = new double[Separation.pairs(models)];
            // coarse values so that ties occur and the tie-break is exercised
            for (int q = 0; q < row.length; q++) row[q] = rng.nextInt(4) * 0.5;
            d.put(id, row);
        }
        return new Case(ms, new ProbeSet(ps), Separation.of(ms, d));
    }

    static ProbeSet shuffled(ProbeSet set, long seed) {
        List<Probe> ps = new ArrayList<>(set.probes());
        Collections.shuffle(ps, new Random(seed));
        return new ProbeSet(ps);
    }

    @Property(tries = 60)
    void everyStrategyIsDeterministicAndIndependentOfInputOrder(@ForAll long seed, @ForAll @IntRange(min = 2, max = 5) int models,
                                                                @ForAll @IntRange(min = 1, max = 12) int probes) {
        Case c = random(seed, models, probes);
        ProbeSet other = shuffled(c.probes(), seed + 1);
        List<String> reordered = new ArrayList<>(c.models());
        Collections.reverse(reordered);
        Map<String, double[]> same = new HashMap<>();
        for (String id : c.separation().probeIds()) same.put(id, c.separation().row(id));
        // a separation given with the models in another order must mean the same; here the names sort the same way
        Separation again = Separation.of(reordered, same);
        for (Strategy s : List.of(Strategy.RANDOM, Strategy.DIVERSITY, Strategy.INFORMATION_GAIN)) {
            ProbeSet a = ProbeSelector.select(s, c.probes(), c.separation(), ProbeSelectorTest.CONFIG, probes, seed);
            ProbeSet b = ProbeSelector.select(s, other, again, ProbeSelectorTest.CONFIG, probes, seed);
            assertThat(a.ids()).as(s.name()).isEqualTo(b.ids());
            assertThat(a.ids()).as(s.name()).containsExactlyInAnyOrderElementsOf(c.probes().ids());
            // a shorter selection is a prefix of a longer one
            int k = Math.max(1, probes / 2);
            assertThat(ProbeSelector.select(s, c.probes(), c.separation(), ProbeSelectorTest.CONFIG, k, seed).ids())
                    .isEqualTo(a.ids().subList(0, k));
        }
    }

    @Property(tries = 60)
    void informationGainStartsWithTheLargestSummedReductionAndAnUninformedSessionAgrees(
            @ForAll long seed, @ForAll @IntRange(min = 2, max = 5) int models, @ForAll @IntRange(min = 1, max = 12) int probes) {
        Case c = random(seed, models, probes);
        String first = ProbeSelector.informationGain(c.probes(), c.separation(), 1, seed).ids().get(0);
        double best = Double.NEGATIVE_INFINITY;
        for (String id : c.probes().ids()) best = Math.max(best, reduction(c.separation().row(id)));
        assertThat(reduction(c.separation().row(first))).isCloseTo(best, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(ProbeSelector.session(c.probes(), c.separation(), 1, seed).next().id()).isEqualTo(first);
    }

    private static double reduction(double[] row) {
        double s = 0;
        for (double x : row) s += -Math.expm1(-x);
        return s;
    }
}
