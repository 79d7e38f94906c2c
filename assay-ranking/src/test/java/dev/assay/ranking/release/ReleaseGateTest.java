package dev.assay.ranking.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.assay.core.InvalidInputException;
import dev.assay.core.contract.Verdict;
import dev.assay.core.stats.Binning;
import dev.assay.ranking.metrics.Measure;
import dev.assay.ranking.metrics.Measures;
import dev.assay.ranking.metrics.PairedScores;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

class ReleaseGateTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T00:00:00Z"), ZoneOffset.UTC);

    /** n topics; production ~ U(0.2, 0.6); candidate = production + shift + noise(sd). */
    static PairedScores scores(String measure, int n, double shift, double sd, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<String> topics = new ArrayList<>();
        double[] prod = new double[n];
        double[] cand = new double[n];
        for (int i = 0; i < n; i++) {
            topics.add("t" + i);
            prod[i] = 0.2 + 0.4 * r.nextDouble();
            cand[i] = prod[i] + shift + sd * (r.nextDouble() * 2 - 1) * Math.sqrt(3);
        }
        return new PairedScores(Measures.parse(measure).get(0), topics, cand, prod);
    }

    static final Measure NDCG = Measure.ndcg();
    static final Measure MAP = Measure.map();

    static ReleaseReport quality(PairedScores s, QualityMethod method, double margin) {
        return ReleaseGate.evaluate(ReleaseContract.qualityOnly(s.measure(), method, 0.05, margin, 2000, 7),
                ReleaseInputs.ofScores(s), "prod", "cand", CLOCK);
    }

    /** The result of guard {@code i}, which is a quality guard's. */
    static GuardResult.Quality quality(ReleaseReport r, int i) {
        return (GuardResult.Quality) r.guards().get(i);
    }

    @Test
    void shouldPassAClearlyBetterCandidateWithEveryMethod() {
        PairedScores s = scores("ndcg_cut.10", 100, 0.03, 0.05, 1);
        for (QualityMethod m : QualityMethod.values()) {
            ReleaseReport r = quality(s, m, 0);
            assertThat(r.verdict()).as(m.name()).isEqualTo(Verdict.PASS);
            GuardResult.Quality g = quality(r, 0);
            assertThat(g.lower()).isPositive();
            assertThat(g.estimate()).isCloseTo(0.03, within(0.015));
            assertThat(g.samples()).isEqualTo(100);
        }
    }

    @Test
    void shouldFailACandidateWhoseLowerBoundIsBelowZero() {
        PairedScores s = scores("ndcg_cut.10", 100, -0.002, 0.05, 2);
        ReleaseReport r = quality(s, QualityMethod.BOOTSTRAP_BCA, 0);
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(quality(r, 0).lower()).isNegative();
        // issue 7: the reader sees why, not just FAIL
        assertThat(r.guards().get(0).detail()).startsWith("ndcg_cut.10: not shown non-inferior at alpha 0.05 (mean delta ")
                .containsPattern("one-sided BCA LCB -0\\.[0-9]{4} < -margin 0\\)$");
    }

    @Test
    void nonInferiorityMargin_turnsASmallLossIntoAPass() {
        PairedScores s = scores("map", 200, -0.003, 0.02, 3);
        assertThat(quality(s, QualityMethod.BOOTSTRAP_PERCENTILE, 0).verdict()).isEqualTo(Verdict.FAIL);
        ReleaseReport withMargin = quality(s, QualityMethod.BOOTSTRAP_PERCENTILE, 0.02);
        assertThat(withMargin.verdict()).isEqualTo(Verdict.PASS);
        assertThat(withMargin.guards().get(0).detail()).contains("shown non-inferior at alpha 0.05", ">= -margin 0.02)");
        assertThat(quality(withMargin, 0).threshold()).isEqualTo(-0.02);
    }

    @Test
    void tooFewTopicsIsInconclusive_andNoTopicsIsNoData() {
        assertThat(quality(scores("map", 3, 0.1, 0.01, 4), QualityMethod.BOOTSTRAP_BCA, 0).verdict())
                .isEqualTo(Verdict.INCONCLUSIVE);
        ReleaseContract c = ReleaseContract.qualityOnly(NDCG, QualityMethod.BOOTSTRAP_BCA, 0.05, 0, 1000, 1);
        ReleaseReport missing = ReleaseGate.evaluate(c, ReleaseInputs.ofScores(), "prod", "cand", CLOCK);
        assertThat(missing.guards().get(0).verdict()).isEqualTo(Verdict.NO_DATA);
        assertThat(missing.verdict()).as("NO_DATA is never a silent pass").isEqualTo(Verdict.INCONCLUSIVE);
        PairedScores empty = new PairedScores(Measure.ndcg(), List.of(), new double[0], new double[0]);
        assertThat(ReleaseGate.evaluate(c, ReleaseInputs.ofScores(empty), "p", "c", CLOCK)
                .guards().get(0).verdict()).isEqualTo(Verdict.NO_DATA);
    }

    @Test
    void candidateIsNeverComparedWithItself() {
        PairedScores s = scores("ndcg", 50, 0.0, 0.05, 5);
        assertThatThrownBy(() -> ReleaseGate.evaluate(ReleaseContract.qualityOnly(NDCG, QualityMethod.BOOTSTRAP_BCA,
                0.05, 0, 1000, 1), ReleaseInputs.ofScores(s), "ranker-v7", "ranker-v7", CLOCK))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("not with itself");
    }

    @Test
    void holm_testsTheSecondGuardAtTheFullLevelOnlyAfterTheFirstPasses() {
        PairedScores strong = scores("ndcg", 200, 0.05, 0.05, 6);
        PairedScores weak = scores("map", 200, -0.004, 0.05, 7);
        ReleaseContract c = new ReleaseContract("two", 2000, 11, List.of(
                new Guard.Quality("ndcg-global", NDCG, null, QualityMethod.BOOTSTRAP_PERCENTILE, 0.05, 0, 5),
                new Guard.Quality("map-global", MAP, null, QualityMethod.BOOTSTRAP_PERCENTILE, 0.05, 0, 5)));
        ReleaseReport r = ReleaseGate.evaluate(c, ReleaseInputs.ofScores(strong, weak), "p", "c", CLOCK);
        GuardResult.Quality first = quality(r, 0);
        GuardResult.Quality second = quality(r, 1);
        assertThat(first.verdict()).isEqualTo(Verdict.PASS);
        assertThat(first.level()).isEqualTo(0.025);
        assertThat(second.level()).isEqualTo(0.05);
        assertThat(second.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(second.adjustedPValue()).isGreaterThanOrEqualTo(second.pValue());
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void holm_stopsAtTheFirstGuardThatDoesNotPass() {
        PairedScores flat = scores("ndcg", 200, 0.0, 0.05, 8);
        ReleaseContract c = new ReleaseContract("two", 2000, 11, List.of(
                new Guard.Quality("a", NDCG, null, QualityMethod.RANDOMIZATION, 0.05, 0, 5),
                new Guard.Quality("b", NDCG, "hard", QualityMethod.RANDOMIZATION, 0.05, 0, 5)));
        Set<String> hard = Set.of("t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "t9", "t10");
        ReleaseReport r = ReleaseGate.evaluate(c, new ReleaseInputs(Map.of(NDCG, flat), Map.of("hard", hard), null,
                null, null, null), "p", "c", CLOCK);
        assertThat(r.guards()).extracting(GuardResult::verdict).containsOnly(Verdict.FAIL);
        assertThat(r.guards()).filteredOn(g -> g.detail().contains("stopped at")).hasSize(1);
        assertThat(quality(r, 1).samples()).isEqualTo(10);
    }

    @Test
    void latencyTailOverlapAndCalibrationGuards_useTheirNumbers() {
        double[] ms = new double[1000];
        for (int i = 0; i < ms.length; i++) ms[i] = 1 + i * 0.1; // 1.0 .. 100.9 ms
        double[] overlap = {0.9, 0.8, 0.7};
        double[] conf = {0.9, 0.9, 0.9, 0.9, 0.1, 0.1};
        ReleaseInputs.Calibrated prod = new ReleaseInputs.Calibrated(conf, new boolean[] {true, true, true, true, false, false});
        ReleaseInputs.Calibrated cand = new ReleaseInputs.Calibrated(conf, new boolean[] {true, false, false, true, true, false});
        ReleaseContract c = new ReleaseContract("ops", 1000, 1, List.of(
                new Guard.Latency("p95", 95, 100, 100), new Guard.Latency("p99", 99, 90, 100),
                new Guard.TailRatio("tail", 1.1, 100), new Guard.Overlap("jaccard", 10, 0.75),
                new Guard.CalibrationDrift("ece", Binning.EQUAL_MASS, 2, 0.02)));
        ReleaseReport r = ReleaseGate.evaluate(c, new ReleaseInputs(Map.of(), Map.of(), ms, overlap, prod, cand), "p", "c", CLOCK);
        assertThat(((GuardResult.Latency) r.guards().get(0)).valueMs()).isCloseTo(95.9, within(0.2));
        assertThat(r.guards().get(0).verdict()).isEqualTo(Verdict.PASS);
        assertThat(r.guards().get(1).verdict()).isEqualTo(Verdict.FAIL);
        assertThat(((GuardResult.TailRatio) r.guards().get(2)).ratio()).isCloseTo(99.9 / 95.9, within(0.01));
        assertThat(((GuardResult.Overlap) r.guards().get(3)).mean()).isCloseTo(0.8, within(1e-12));
        assertThat(r.guards().get(3).verdict()).isEqualTo(Verdict.PASS);
        assertThat(r.guards().get(4).verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.markdown()).contains("| p99 | latency | FAIL |").contains("**FAIL**");
    }

    @Test
    void badLatencyValuesAreRejected() {
        assertThatThrownBy(() -> new ReleaseInputs(Map.of(), Map.of(), new double[] {1, Double.NaN}, null, null, null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("NaN");
    }

    @Property(tries = 30)
    void improvingTheCandidateNeverTurnsAPassIntoAFail(@ForAll @DoubleRange(min = 0, max = 0.05) double extra) {
        PairedScores base = scores("ndcg", 60, 0.02, 0.05, 9);
        double[] better = base.candidate().clone();
        for (int i = 0; i < better.length; i++) better[i] += extra;
        PairedScores improved = new PairedScores(base.measure(), base.topics(), better, base.production());
        Verdict before = quality(base, QualityMethod.BOOTSTRAP_PERCENTILE, 0).verdict();
        Verdict after = quality(improved, QualityMethod.BOOTSTRAP_PERCENTILE, 0).verdict();
        if (before == Verdict.PASS) assertThat(after).isEqualTo(Verdict.PASS);
        assertThat(quality(quality(improved, QualityMethod.BOOTSTRAP_PERCENTILE, 0), 0).lower())
                .isGreaterThanOrEqualTo(quality(quality(base, QualityMethod.BOOTSTRAP_PERCENTILE, 0), 0).lower() - 1e-12);
    }
}
