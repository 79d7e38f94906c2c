package dev.assay.agent.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.agent.command.Decision;
import dev.assay.core.InvalidInputException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class MemoryTest {
    static float[] v(float... xs) {
        return xs;
    }

    static PatternMemory memory(int capacity, int k, double decay) {
        return new PatternMemory(new PatternMemory.Config(2, capacity, k, decay, 1, 1));
    }

    static List<Long> ids(PatternMemory m) {
        return m.exemplars().stream().map(PatternMemory.ExemplarState::id).toList();
    }

    @Test
    void withEqualImportanceTheLeastRecentlyUsedIsEvicted() {
        PatternMemory m = memory(3, 1, 0.99);
        long a = m.add(v(1, 0), Label.SAFE);
        long b = m.add(v(0, 1), Label.SAFE);
        long c = m.add(v(1, 1), Label.SAFE);
        m.add(v(-1, 0), Label.SAFE); // a is the oldest unused
        assertThat(ids(m)).containsExactly(b, c, 3L);
        assertThat(a).isZero();
    }

    @Test
    void recallRaisesImportanceAndRecencySoAUsedExemplarSurvives() {
        PatternMemory m = memory(3, 1, 0.99);
        long a = m.add(v(1, 0), Label.SAFE);
        long b = m.add(v(0, 1), Label.SAFE);
        long c = m.add(v(-1, 0), Label.SAFE);
        m.recall(v(1, 0.01f)); // a is the nearest: importance 2, used at tick 4
        PatternMemory.ExemplarState sa = m.exemplars().get(0);
        assertThat(sa.importance()).isEqualTo(2);
        assertThat(sa.lastUse()).isEqualTo(4);
        m.add(v(0, -1), Label.SAFE); // tick 5: retention a 2*.99, b .99^3, c .99^2 -> b goes
        assertThat(ids(m)).containsExactly(a, c, 3L);
    }

    @Test
    void importanceOutweighsRecencyUntilTheDecayCatchesUp() {
        PatternMemory m = memory(2, 1, 0.5);
        long a = m.add(v(1, 0), Label.SAFE); // tick 1
        m.recall(v(1, 0)); // tick 2: a importance 2, last use 2
        m.recall(v(1, 0)); // tick 3: a importance 3, last use 3
        long b = m.add(v(0, 1), Label.SAFE); // tick 4
        // tick 5: retention a = 3 * 0.5^2 = 0.75, b = 1 * 0.5^1 = 0.5 -> b goes although it is newer
        long c = m.add(v(-1, 0), Label.SAFE);
        assertThat(ids(m)).containsExactly(a, c);
        // tick 6: a = 3 * 0.5^3 = 0.375, c = 0.5 -> now a goes
        long d = m.add(v(0, -1), Label.SAFE);
        assertThat(ids(m)).containsExactly(c, d);
        assertThat(b).isEqualTo(1);
    }

    @Test
    void equalRetentionEvictsTheEarliestInsertedAndClassesAreBoundedSeparately() {
        PatternMemory m = memory(2, 1, 1.0); // no decay: retention = importance, all 1
        long s1 = m.add(v(1, 0), Label.SAFE);
        long u1 = m.add(v(0, 1), Label.UNSAFE);
        long s2 = m.add(v(1, 1), Label.SAFE);
        long u2 = m.add(v(-1, 1), Label.UNSAFE);
        long s3 = m.add(v(-1, 0), Label.SAFE);
        assertThat(ids(m)).containsExactly(u1, s2, u2, s3);
        assertThat(m.size(Label.SAFE)).isEqualTo(2);
        assertThat(m.size(Label.UNSAFE)).isEqualTo(2);
        assertThat(s1).isZero();
    }

    @Test
    void nearestIsExactCosineWithTiesInInsertionOrder() {
        PatternMemory m = memory(10, 3, 0.99);
        m.add(v(0, 1), Label.SAFE);
        m.add(v(2, 0), Label.UNSAFE); // same direction as the next: cosine ties
        m.add(v(1, 0), Label.SAFE);
        m.add(v(1, 1), Label.UNSAFE);
        List<Neighbour> n = m.nearest(v(3, 0), 3);
        assertThat(n).extracting(Neighbour::id).containsExactly(1L, 2L, 3L);
        assertThat(n.get(0).similarity()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(n.get(2).similarity()).isCloseTo(Math.sqrt(0.5), org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void posteriorIsSimilarityWeightedVotesOnALaplacePrior() {
        PatternMemory m = memory(10, 2, 0.99);
        m.add(v(1, 0), Label.UNSAFE);
        m.add(v(1, 1), Label.SAFE);
        m.add(v(-1, 0), Label.SAFE);
        Posterior p = m.posterior(v(1, 0));
        double w = Math.sqrt(0.5);
        assertThat(p.pUnsafe()).isCloseTo((1 + 1) / (2 + 1 + w), org.assertj.core.data.Offset.offset(1e-6));
        assertThat(new PatternMemory(PatternMemory.Config.defaults(2)).posterior(v(1, 0)).pUnsafe()).isEqualTo(0.5);
        assertThat(new PatternMemory(PatternMemory.Config.defaults(2)).posterior(v(1, 0)).entropy()).isEqualTo(1.0);
        // posterior() changes nothing; recall() marks use
        assertThat(m.exemplars()).allSatisfy(e -> assertThat(e.importance()).isEqualTo(1));
    }

    @Test
    void decisionRuleEscalatesAboveTheEntropyThresholdAndMapsToACollapseThreshold() {
        DecisionRule rule = new DecisionRule(0.4, Posterior.entropy(0.8));
        assertThat(rule.decide(0.9)).isEqualTo(Decision.DENY);
        assertThat(rule.decide(0.1)).isEqualTo(Decision.ALLOW);
        assertThat(rule.decide(0.5)).isEqualTo(Decision.ESCALATE);
        assertThat(rule.decide(0.3)).isEqualTo(Decision.ESCALATE);
        assertThat(rule.collapse()).isCloseTo(0.8, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(Posterior.entropy(0.5)).isEqualTo(1.0);
    }

    @Test
    void calibrationPicksTheF1CutAndEscalatesAtMostTheBudget() {
        double[] p = {0.05, 0.1, 0.2, 0.45, 0.5, 0.55, 0.7, 0.8, 0.9, 0.95};
        boolean[] y = {false, false, false, false, true, false, true, true, true, true};
        DecisionRule none = DecisionRule.calibrate(p, y, 0);
        assertThat(none.cut()).isEqualTo(0.46);
        assertThat(none.maxEntropy()).isEqualTo(1.0);
        DecisionRule some = DecisionRule.calibrate(p, y, 0.2);
        long escalated = java.util.Arrays.stream(p).filter(x -> some.decide(x) == Decision.ESCALATE).count();
        // a budget of 2: the threshold is the 8th smallest entropy, that of 0.45 and 0.55 (a tie), so only 0.5 is
        // strictly above it; ties at the boundary are decided, never pushing past the budget
        assertThat(escalated).isEqualTo(1);
        assertThat(some.decide(0.5)).isEqualTo(Decision.ESCALATE);
    }

    @Test
    void badInputIsRefusedWithItsName() {
        assertThatThrownBy(() -> memory(0, 1, 0.9)).isInstanceOf(InvalidInputException.class).hasMessageContaining("capacityPerClass");
        PatternMemory m = memory(2, 1, 0.9);
        assertThatThrownBy(() -> m.add(v(1, 0, 0), Label.SAFE)).isInstanceOf(InvalidInputException.class).hasMessageContaining("2 dimensions");
        assertThatThrownBy(() -> m.add(v(0, 0), Label.SAFE)).isInstanceOf(InvalidInputException.class).hasMessageContaining("zero vector");
        assertThatThrownBy(() -> new DecisionRule(1.0, 0.5)).isInstanceOf(InvalidInputException.class).hasMessageContaining("cut");
    }

    @Test
    void concurrentReadsAgreeWithASingleThreadedRead() throws Exception {
        PatternMemory m = new PatternMemory(PatternMemory.Config.defaults(8));
        java.util.Random r = new java.util.Random(7);
        for (int i = 0; i < 500; i++) {
            float[] x = new float[8];
            for (int j = 0; j < 8; j++) x[j] = (float) r.nextGaussian();
            m.add(x, i % 3 == 0 ? Label.UNSAFE : Label.SAFE);
        }
        float[] q = {1, 0, 0, 0, 0, 0, 0, 1};
        Posterior expected = m.posterior(q);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Posterior>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 32; i++) results.add(pool.submit(() -> m.posterior(q)));
            for (Future<Posterior> f : results) assertThat(f.get()).isEqualTo(expected);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRestoredMemoryAnswersAndEvictsAsTheOriginal() {
        PatternMemory m = memory(3, 2, 0.9);
        m.add(v(1, 0), Label.SAFE, new byte[] {1});
        m.add(v(0, 1), Label.UNSAFE, new byte[] {2});
        m.add(v(1, 1), Label.SAFE);
        m.recall(v(1, 0.2f));
        PatternMemory copy = PatternMemory.restore(m.snapshot());
        assertThat(copy.exemplars()).isEqualTo(m.exemplars());
        assertThat(copy.posterior(v(0.3f, 1)).pUnsafe()).isEqualTo(m.posterior(v(0.3f, 1)).pUnsafe());
        for (PatternMemory x : List.of(m, copy)) {
            x.add(v(-1, 0), Label.SAFE);
            x.add(v(-1, -1), Label.SAFE);
        }
        assertThat(copy.exemplars()).isEqualTo(m.exemplars());
        assertThat(copy.snapshot().clock()).isEqualTo(m.snapshot().clock());
    }

    @Test
    void anExemplarStoredUnderAKeyIsLeftOutOfItsOwnJudgement_andItsVectorCanBeFound() {
        PatternMemory m = memory(10, 1, 0.99);
        m.add(v(1, 0), Label.UNSAFE, new byte[] {7});
        m.add(v(0.9f, 0.1f), Label.SAFE, new byte[] {8});
        assertThat(m.posterior(v(1, 0)).neighbours()).singleElement().extracting(Neighbour::label).isEqualTo(Label.UNSAFE);
        assertThat(m.posterior(v(1, 0), new byte[] {7}).neighbours()).singleElement().extracting(Neighbour::label).isEqualTo(Label.SAFE);
        assertThat(m.unitOf(new byte[] {7})).hasValueSatisfying(u -> assertThat(u).containsExactly(1f, 0f));
        assertThat(m.unitOf(new byte[] {9})).isEmpty();
        assertThat(m.units(Label.SAFE)).hasSize(1);
    }

    @Test
    void aStateThatBreaksTheMemorysRulesIsRefused() {
        PatternMemory.Config c = new PatternMemory.Config(2, 1, 1, 0.99, 1, 1);
        var a = new PatternMemory.Stored(0, Label.SAFE, 1, 1, null, v(1, 0));
        var b = new PatternMemory.Stored(1, Label.SAFE, 1, 2, null, v(0, 1));
        assertThatThrownBy(() -> PatternMemory.restore(new PatternMemory.State(c, 2, 2, List.of(a, b))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("capacity");
        assertThatThrownBy(() -> PatternMemory.restore(new PatternMemory.State(c.withCapacityPerClass(5), 2, 2, List.of(b, a))))
                .hasMessageContaining("ids must increase");
        assertThatThrownBy(() -> PatternMemory.restore(new PatternMemory.State(c, 2, 2,
                List.of(new PatternMemory.Stored(0, Label.SAFE, 1, 1, null, v(0, 0)))))).hasMessageContaining("zero vector");
    }
}
