package dev.assay.ranking.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.assay.ranking.metrics.TopicScope;
import dev.assay.ranking.trec.Run;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Invariants of a comparison over random runs on the fixture's qrels: swapping A and B mirrors it. */
class RunComparisonPropertiesTest {
    static final CompareOptions OPTIONS = new CompareOptions(List.of("ndcg_cut.10", "map", "P.1"), TopicScope.COMMON, 0.1, 500, 3);

    /** Topic t ranks d1..d6 rotated so that d1 lands at {@code ranks[t]} (1-based). */
    static Run run(String id, List<Integer> ranks) {
        StringBuilder s = new StringBuilder();
        for (int t = 1; t <= ranks.size(); t++) {
            int at = ranks.get(t - 1);
            for (int slot = 1; slot <= 6; slot++) {
                int d = Math.floorMod(slot - at, 6) + 1;
                s.append(t).append(" Q0 d").append(d).append(' ').append(slot).append(' ').append(10 - slot).append(' ').append(id).append('\n');
            }
        }
        return Run.read(new ByteArrayInputStream(s.toString().getBytes(StandardCharsets.UTF_8)), id);
    }

    @Property(tries = 40)
    void swappingTheRunsNegatesDeltasSwapsWinsAndLossesAndKeepsPValues(
            @ForAll @Size(6) List<@IntRange(min = 1, max = 6) Integer> ranksA,
            @ForAll @Size(6) List<@IntRange(min = 1, max = 6) Integer> ranksB) {
        Run a = run("A", ranksA);
        Run b = run("B", ranksB);
        ComparisonReport ab = RunComparison.compare(RunComparisonTest.QRELS, a, b, OPTIONS);
        ComparisonReport ba = RunComparison.compare(RunComparisonTest.QRELS, b, a, OPTIONS);
        assertThat(ab.meanJaccard()).isEqualTo(ba.meanJaccard());
        for (int i = 0; i < ab.measures().size(); i++) {
            MeasureComparison x = ab.measures().get(i);
            MeasureComparison y = ba.measures().get(i);
            assertThat(x.wins() + x.ties() + x.losses()).isEqualTo(6);
            assertThat(List.of(x.wins(), x.ties(), x.losses())).isEqualTo(List.of(y.losses(), y.ties(), y.wins()));
            assertThat(x.meanDelta()).isCloseTo(-y.meanDelta(), within(1e-12));
            assertThat(x.meanDelta()).isCloseTo(x.meanB() - x.meanA(), within(1e-12));
            assertThat(x.pValue()).isCloseTo(y.pValue(), within(1e-12));
            assertThat(x.holmPValue()).isBetween(x.pValue(), 1.0);
            if (!Double.isNaN(x.effectSize())) assertThat(x.effectSize()).isCloseTo(-y.effectSize(), within(1e-9));
            if (x.wins() == 0 && x.losses() == 0) assertThat(x.pValue()).isEqualTo(1.0);
        }
    }
}
