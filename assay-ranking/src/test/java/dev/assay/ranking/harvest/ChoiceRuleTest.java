package dev.assay.ranking.harvest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChoiceRuleTest {
    private static HarvestPoint point(int ef, double recall, double jaccard, double p95) {
        return new HarvestPoint(new HarvestGrid.Config(ef, 10), Phase.WARM, recall, jaccard, p95 / 2, p95, 100);
    }

    @Test
    void shouldKeepOnlyNonDominatedPointsOnTheFrontier() {
        var a = point(10, 0.80, 0.70, 100);
        var b = point(20, 0.90, 0.85, 150);
        var c = point(40, 0.89, 0.84, 200); // dominated by b
        var d = point(80, 0.97, 0.95, 300);
        var e = point(160, 0.97, 0.95, 400); // dominated by d (same recall, slower)
        var f = point(30, 0.80, 0.70, 120); // dominated by a
        assertThat(ParetoFrontier.of(List.of(e, d, c, b, a, f))).containsExactly(a, b, d);
    }

    @Test
    void shouldKeepExactDuplicatesOnTheFrontier() {
        var a = point(10, 0.9, 0.9, 100);
        var b = point(20, 0.9, 0.9, 100);
        assertThat(ParetoFrontier.of(List.of(a, b))).containsExactlyInAnyOrder(a, b);
    }

    @Test
    void shouldPickTheFastestPointWithinTheRecallTolerance() {
        var a = point(10, 0.80, 0.70, 100);
        var b = point(20, 0.955, 0.85, 150);
        var d = point(80, 0.97, 0.95, 300);
        var choice = new ChoiceRule(0.02, 0.75).choose(List.of(a, b, d));
        assertThat(choice).isInstanceOfSatisfying(ChoiceRule.Choice.Chosen.class, c -> {
            assertThat(c.point()).isEqualTo(b);
            assertThat(c.bestRecall()).isEqualTo(0.97);
        });
    }

    @Test
    void shouldRefuseAFasterPointBelowTheJaccardFloor() {
        var fastButReshuffled = point(20, 0.96, 0.70, 150);
        var slower = point(80, 0.97, 0.80, 300);
        var choice = new ChoiceRule(0.02, 0.75).choose(List.of(fastButReshuffled, slower));
        assertThat(choice).isInstanceOfSatisfying(ChoiceRule.Choice.Chosen.class, c -> {
            assertThat(c.point()).isEqualTo(slower);
            assertThat(c.refusedByJaccard()).containsExactly(fastButReshuffled);
        });
    }

    @Test
    void shouldChooseADominatedPointWhenTheDominatingOneFailsTheFloor() {
        var dominatingButReshuffled = point(20, 0.97, 0.70, 100);
        var dominated = point(40, 0.96, 0.80, 120);
        var choice = new ChoiceRule(0.02, 0.75).choose(List.of(dominatingButReshuffled, dominated));
        assertThat(choice).isInstanceOfSatisfying(ChoiceRule.Choice.Chosen.class,
                c -> assertThat(c.point()).isEqualTo(dominated));
    }

    @Test
    void shouldChooseNothingWhenEveryAccuratePointIsBelowTheFloor() {
        var a = point(20, 0.96, 0.70, 150);
        var b = point(80, 0.97, 0.74, 300);
        var inaccurate = point(10, 0.50, 0.90, 50);
        var choice = new ChoiceRule(0.02, 0.75).choose(List.of(a, b, inaccurate));
        assertThat(choice).isInstanceOfSatisfying(ChoiceRule.Choice.NoneEligible.class, n -> {
            assertThat(n.reason()).contains("0.9500").contains("0.75");
            assertThat(n.refusedByJaccard()).containsExactlyInAnyOrder(a, b);
        });
    }

    @Test
    void shouldBreakLatencyTiesByRecallThenSmallerEf() {
        var a = point(40, 0.96, 0.9, 100);
        var b = point(20, 0.96, 0.9, 100);
        var c = point(10, 0.95, 0.9, 100);
        var choice = new ChoiceRule(0.05, 0.75).choose(List.of(a, b, c));
        assertThat(((ChoiceRule.Choice.Chosen) choice).point()).isEqualTo(b);
    }

    @Test
    void shouldRejectToleranceOutsideTheUnitInterval() {
        assertThatThrownBy(() -> new ChoiceRule(-0.1, 0.75)).hasMessageContaining("-0.1");
        assertThatThrownBy(() -> new ChoiceRule(0.02, 1.5)).hasMessageContaining("1.5");
    }
}
