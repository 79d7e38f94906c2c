package dev.assay.ranking.confounding;

import dev.assay.core.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Stratified analysis of a logged treatment (Rosenbaum, Observational Studies, 2002, ch. 2-3):
 * within each stratum the treated and untreated means are compared, and the differences
 * are averaged with weights proportional to stratum size. Significance comes from
 * permuting the treatment labels within strata (so the null keeps every stratum's
 * treated count); the inverse-propensity weights implied by the strata (propensity =
 * treated share of the stratum) give Kish's effective sample size and their dispersion;
 * negative controls run through the same test. Seeded: the same seed gives the same p-values.
 * Cost O(B n) for B permutations.
 */
public final class ConfoundingAnalysis {
    private ConfoundingAnalysis() {}

    public static ConfoundingReport run(List<Unit> units, int permutations, long seed) {
        if (units.isEmpty()) throw new InvalidInputException("confounding analysis needs at least one unit");
        if (permutations < 99) throw new InvalidInputException("permutations must be >= 99, but was " + permutations);
        int controls = units.get(0).negativeControls().length;
        for (Unit u : units)
            if (u.negativeControls().length != controls)
                throw new InvalidInputException("every unit needs the same number of negative controls (" + controls + ")");
        Map<String, List<Unit>> byStratum = new LinkedHashMap<>();
        for (Unit u : units) byStratum.computeIfAbsent(u.stratum(), k -> new ArrayList<>()).add(u);
        List<List<Unit>> usable = new ArrayList<>();
        for (List<Unit> s : byStratum.values()) {
            long t = s.stream().filter(Unit::treated).count();
            if (t > 0 && t < s.size()) usable.add(s);
        }
        int usableUnits = usable.stream().mapToInt(List::size).sum();

        double naive = naive(units);
        double[][] outcomes = new double[controls + 1][];
        boolean[] treated = new boolean[usableUnits];
        int[] stratumStart = new int[usable.size() + 1];
        for (int k = 0; k <= controls; k++) outcomes[k] = new double[usableUnits];
        int pos = 0;
        for (int s = 0; s < usable.size(); s++) {
            stratumStart[s] = pos;
            for (Unit u : usable.get(s)) {
                treated[pos] = u.treated();
                outcomes[0][pos] = u.outcome();
                for (int k = 0; k < controls; k++) outcomes[k + 1][pos] = u.negativeControls()[k];
                pos++;
            }
        }
        stratumStart[usable.size()] = pos;

        double[] observed = new double[controls + 1];
        for (int k = 0; k <= controls; k++) observed[k] = stratified(outcomes[k], treated, stratumStart);
        int[] extreme = new int[controls + 1];
        SplittableRandom rng = new SplittableRandom(seed);
        boolean[] shuffled = treated.clone();
        for (int b = 0; b < permutations; b++) {
            for (int s = 0; s + 1 < stratumStart.length; s++) shuffle(shuffled, stratumStart[s], stratumStart[s + 1], rng);
            for (int k = 0; k <= controls; k++) {
                double e = stratified(outcomes[k], shuffled, stratumStart);
                if (Math.abs(e) >= Math.abs(observed[k]) * (1 - 1e-12)) extreme[k]++;
            }
        }
        List<ConfoundingReport.NegativeControl> nc = new ArrayList<>();
        for (int k = 1; k <= controls; k++)
            nc.add(new ConfoundingReport.NegativeControl(k - 1, observed[k], (extreme[k] + 1.0) / (permutations + 1.0)));

        // Inverse-propensity weights implied by the strata.
        double sumW = 0;
        double sumW2 = 0;
        double maxW = 0;
        for (List<Unit> s : usable) {
            double t = s.stream().filter(Unit::treated).count();
            double pTreated = t / s.size();
            for (Unit u : s) {
                double w = u.treated() ? 1 / pTreated : 1 / (1 - pTreated);
                sumW += w;
                sumW2 += w * w;
                maxW = Math.max(maxW, w);
            }
        }
        double ess = usableUnits == 0 ? 0 : sumW * sumW / sumW2;
        double meanW = usableUnits == 0 ? 0 : sumW / usableUnits;
        double varW = usableUnits == 0 ? 0 : sumW2 / usableUnits - meanW * meanW;
        return new ConfoundingReport(naive, usableUnits == 0 ? Double.NaN : observed[0],
                usableUnits == 0 ? Double.NaN : (extreme[0] + 1.0) / (permutations + 1.0), byStratum.size(), usable.size(),
                usableUnits, ess, usableUnits == 0 ? 0 : ess / usableUnits,
                usableUnits == 0 ? 0 : Math.sqrt(Math.max(0, varW)) / meanW, usableUnits == 0 ? 0 : maxW / sumW,
                nc, permutations, seed);
    }

    private static double naive(List<Unit> units) {
        double st = 0, sc = 0;
        int nt = 0, nc = 0;
        for (Unit u : units) {
            if (u.treated()) {
                st += u.outcome();
                nt++;
            } else {
                sc += u.outcome();
                nc++;
            }
        }
        return nt == 0 || nc == 0 ? Double.NaN : st / nt - sc / nc;
    }

    /** Size-weighted mean over strata of (treated mean - untreated mean). */
    static double stratified(double[] y, boolean[] treated, int[] start) {
        double total = 0;
        int n = 0;
        for (int s = 0; s + 1 < start.length; s++) {
            double st = 0, sc = 0;
            int nt = 0, nc = 0;
            for (int i = start[s]; i < start[s + 1]; i++) {
                if (treated[i]) {
                    st += y[i];
                    nt++;
                } else {
                    sc += y[i];
                    nc++;
                }
            }
            int size = start[s + 1] - start[s];
            total += size * (st / nt - sc / nc);
            n += size;
        }
        return n == 0 ? Double.NaN : total / n;
    }

    private static void shuffle(boolean[] a, int from, int to, SplittableRandom rng) {
        for (int i = to - 1; i > from; i--) {
            int j = from + rng.nextInt(i - from + 1);
            boolean t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
