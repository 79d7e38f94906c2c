package dev.assay.ranking.harvest;

import dev.assay.core.InvalidInputException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The harvest's choice rule: the fastest point (lowest p95) whose recall is within
 * {@code recallTolerance} of the best recall measured and whose mean Jaccard@10 against exact search is
 * at least {@code jaccardFloor}; it lies on the Pareto frontier of the points that pass the floor. The floor is the design's overlap protection: a faster
 * configuration may not buy its latency by changing what users see in the top 10 (the same 0.75 the
 * production monitor uses as its Jaccard@10 trigger).
 *
 * @param recallTolerance how far below the best recall a chosen point may be, in [0, 1]
 * @param jaccardFloor    least mean Jaccard@10 of a chosen point, in [0, 1]
 */
public record ChoiceRule(double recallTolerance, double jaccardFloor) {
    public ChoiceRule {
        if (!(recallTolerance >= 0 && recallTolerance <= 1)) {
            throw new InvalidInputException("recallTolerance must be in [0, 1], but was " + recallTolerance);
        }
        if (!(jaccardFloor >= 0 && jaccardFloor <= 1)) {
            throw new InvalidInputException("jaccardFloor must be in [0, 1], but was " + jaccardFloor);
        }
    }

    /** Tolerance 0.02 of recall, Jaccard@10 floor 0.75. */
    public static ChoiceRule defaults() {
        return new ChoiceRule(0.02, 0.75);
    }

    /** Applies the rule to {@code points} (one phase). Ties on p95 go to higher recall, then smaller ef, then smaller k. */
    public Choice choose(List<HarvestPoint> points) {
        Objects.requireNonNull(points, "points");
        if (points.isEmpty()) return new Choice.NoneEligible(0, List.of(), "no configurations were measured");
        double best = points.stream().mapToDouble(HarvestPoint::recall).max().orElseThrow();
        List<HarvestPoint> eligible = new ArrayList<>();
        List<HarvestPoint> refused = new ArrayList<>();
        for (HarvestPoint p : points) {
            if (p.recall() < best - recallTolerance) continue;
            if (p.jaccard10() < jaccardFloor) refused.add(p);
            else eligible.add(p);
        }
        if (eligible.isEmpty()) {
            return new Choice.NoneEligible(best, refused, String.format(java.util.Locale.ROOT,
                    "no configuration has recall >= %.4f and mean Jaccard@10 >= %.2f",
                    best - recallTolerance, jaccardFloor));
        }
        HarvestPoint chosen = eligible.stream().min(Comparator.comparingDouble(HarvestPoint::p95Micros)
                .thenComparing(HarvestPoint::recall, Comparator.reverseOrder())
                .thenComparingInt(p -> p.config().ef())
                .thenComparingInt(p -> p.config().k())).orElseThrow();
        return new Choice.Chosen(chosen, best, refused);
    }

    /** Outcome of the rule. */
    public sealed interface Choice {
        /** Best recall among all points measured. */
        double bestRecall();

        /** Points that met the recall tolerance but fell below the Jaccard floor. */
        List<HarvestPoint> refusedByJaccard();

        /** A configuration was chosen. */
        record Chosen(HarvestPoint point, double bestRecall, List<HarvestPoint> refusedByJaccard) implements Choice {
            public Chosen {
                Objects.requireNonNull(point, "point");
                refusedByJaccard = List.copyOf(refusedByJaccard);
            }
        }

        /** No configuration satisfied both conditions. */
        record NoneEligible(double bestRecall, List<HarvestPoint> refusedByJaccard, String reason) implements Choice {
            public NoneEligible {
                refusedByJaccard = List.copyOf(refusedByJaccard);
                Objects.requireNonNull(reason, "reason");
            }
        }
    }
}
