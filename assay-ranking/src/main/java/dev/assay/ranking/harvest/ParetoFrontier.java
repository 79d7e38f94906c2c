package dev.assay.ranking.harvest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The points not dominated in (lower p95 latency, higher recall). */
final class ParetoFrontier {
    private ParetoFrontier() {
    }

    /**
     * Points for which no other point has p95 <= and recall >= with one of them strict, sorted by
     * p95 ascending. Exact duplicates are all kept.
     */
    public static List<HarvestPoint> of(List<HarvestPoint> points) {
        List<HarvestPoint> out = new ArrayList<>();
        for (HarvestPoint p : points) {
            boolean dominated = false;
            for (HarvestPoint q : points) {
                if (q != p && dominates(q, p)) {
                    dominated = true;
                    break;
                }
            }
            if (!dominated) out.add(p);
        }
        out.sort(Comparator.comparingDouble(HarvestPoint::p95Micros).thenComparing(HarvestPoint::recall,
                Comparator.reverseOrder()));
        return List.copyOf(out);
    }

    /** True when {@code a} is at least as fast and as accurate as {@code b}, and strictly better in one. */
    static boolean dominates(HarvestPoint a, HarvestPoint b) {
        boolean noWorse = a.p95Micros() <= b.p95Micros() && a.recall() >= b.recall();
        boolean better = a.p95Micros() < b.p95Micros() || a.recall() > b.recall();
        return noWorse && better;
    }
}
