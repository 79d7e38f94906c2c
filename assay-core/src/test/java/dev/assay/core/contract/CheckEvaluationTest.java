package dev.assay.core.contract;

import static dev.assay.core.contract.Fixtures.T0;
import static dev.assay.core.contract.Fixtures.window;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CheckEvaluationTest {
    /** LCB/UCB of 1..10 at 95% one-sided, from SciPy: 5.5 -/+ t(0.95, 9) * s / sqrt(10). */
    static final double LCB_1_TO_10 = 3.7449279866962;
    static final double UCB_1_TO_10 = 7.2550720133038;
    static final double TOLERANCE = 1e-9;
    static final double[] ONE_TO_TEN = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};

    private static Check check(Statistic statistic, Op op, double threshold) {
        return Check.builder("c").metric("m").require(statistic, op, threshold).build();
    }

    @ParameterizedTest
    @EnumSource(value = Statistic.class, names = "COUNT", mode = EnumSource.Mode.EXCLUDE)
    void emptyWindow_isNoDataNeverPass(Statistic statistic) {
        Op op = statistic == Statistic.MEAN_UCB ? Op.LE : Op.GE;
        Evaluation e = check(statistic, op, -1e9).evaluate(window(0, "m"));
        assertThat(e.verdict()).isEqualTo(Verdict.NO_DATA);
        assertThat(e.evidence().samples()).isZero();
        assertThat(e.evidence().value()).isNaN();
    }

    @Test
    void count_onEmptyWindowIsZeroAndCanFail() {
        Evaluation e = check(Statistic.COUNT, Op.GE, 10).evaluate(window(0, "m"));
        assertThat(e.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(e.evidence().value()).isZero();
    }

    @Test
    void otherMetricsAndSlices_areIgnored() {
        Window w = new Window(T0, T0.plusSeconds(60), List.of(
                new Observation("m", "eu", T0, 1),
                new Observation("m", "us", T0, 100),
                new Observation("other", "eu", T0, 1000)));
        Check eu = Check.builder("c").metric("m").slice("eu").require(Statistic.MAX, Op.LE, 5).build();
        Check any = Check.builder("c").metric("m").require(Statistic.MAX, Op.LE, 5).build();
        assertThat(eu.evaluate(w).verdict()).isEqualTo(Verdict.PASS);
        assertThat(eu.evaluate(w).evidence().samples()).isEqualTo(1);
        assertThat(any.evaluate(w).verdict()).isEqualTo(Verdict.FAIL);
        assertThat(any.evaluate(w).evidence().value()).isEqualTo(100);
    }

    @Test
    void fewerValuesThanMinSamples_isInconclusiveWithTheValue() {
        Check c = Check.builder("c").metric("m").require(Statistic.MEAN, Op.LE, 100).minSamples(5).build();
        Evaluation e = c.evaluate(window(0, "m", 1, 2, 3));
        assertThat(e.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(e.evidence().value()).isEqualTo(2.0);
        assertThat(e.evidence().samples()).isEqualTo(3);
        assertThat(e.reason()).contains("minSamples 5");
        assertThat(c.evaluate(window(0, "m", 1, 2, 3, 4, 5)).verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void percentilesAndExtremes_areExact() {
        double[] values = new double[100];
        for (int i = 0; i < 100; i++) values[i] = 100 - i;
        Window w = window(0, "m", values);
        assertThat(check(Statistic.P50, Op.LE, 1e9).evaluate(w).evidence().value()).isEqualTo(50);
        assertThat(check(Statistic.P90, Op.LE, 1e9).evaluate(w).evidence().value()).isEqualTo(90);
        assertThat(check(Statistic.P95, Op.LE, 1e9).evaluate(w).evidence().value()).isEqualTo(95);
        assertThat(check(Statistic.P99, Op.LE, 1e9).evaluate(w).evidence().value()).isEqualTo(99);
        assertThat(check(Statistic.MIN, Op.LE, 1e9).evaluate(w).evidence().value()).isEqualTo(1);
        assertThat(check(Statistic.MAX, Op.LE, 1e9).evaluate(w).evidence().value()).isEqualTo(100);
        assertThat(check(Statistic.COUNT, Op.LE, 1e9).evaluate(w).evidence().value()).isEqualTo(100);
        assertThat(check(Statistic.MEAN, Op.LE, 1e9).evaluate(w).evidence().value()).isEqualTo(50.5);
    }

    @Test
    void rate_isTheFractionOfNonZeroValues() {
        Evaluation e = check(Statistic.RATE, Op.LE, 0.2).evaluate(window(0, "m", 0, 0, 1, 0, 0, 0, 0, 0, 1, 1));
        assertThat(e.evidence().value()).isEqualTo(0.3);
        assertThat(e.verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void meanLcb_passesWhenTheLowerBoundClearsTheThreshold() {
        Evaluation e = check(Statistic.MEAN_LCB, Op.GE, 3.5).evaluate(window(0, "m", ONE_TO_TEN));
        assertThat(e.verdict()).isEqualTo(Verdict.PASS);
        assertThat(e.evidence().value()).isCloseTo(LCB_1_TO_10, within(TOLERANCE));
        assertThat(e.evidence().lower()).isCloseTo(LCB_1_TO_10, within(TOLERANCE));
        assertThat(e.evidence().upper()).isCloseTo(UCB_1_TO_10, within(TOLERANCE));
        assertThat(e.evidence().estimate()).isEqualTo(5.5);
    }

    @Test
    void meanLcb_isInconclusiveWhenTheIntervalStraddlesTheThreshold() {
        Evaluation e = check(Statistic.MEAN_LCB, Op.GE, 5.0).evaluate(window(0, "m", ONE_TO_TEN));
        assertThat(e.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(e.evidence().value()).isCloseTo(LCB_1_TO_10, within(TOLERANCE));
        assertThat(e.evidence().estimate()).isEqualTo(5.5);
        assertThat(e.reason()).contains("straddles");
    }

    @Test
    void meanLcb_failsOnlyWhenTheWholeIntervalIsBelow() {
        assertThat(check(Statistic.MEAN_LCB, Op.GE, 7.25).evaluate(window(0, "m", ONE_TO_TEN)).verdict())
                .isEqualTo(Verdict.INCONCLUSIVE);
        Evaluation e = check(Statistic.MEAN_LCB, Op.GE, 7.26).evaluate(window(0, "m", ONE_TO_TEN));
        assertThat(e.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(e.evidence().upper()).isCloseTo(UCB_1_TO_10, within(TOLERANCE));
    }

    @Test
    void meanUcb_mirrorsTheLowerBound() {
        assertThat(check(Statistic.MEAN_UCB, Op.LE, 7.5).evaluate(window(0, "m", ONE_TO_TEN)).verdict()).isEqualTo(Verdict.PASS);
        assertThat(check(Statistic.MEAN_UCB, Op.LE, 5.0).evaluate(window(0, "m", ONE_TO_TEN)).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(check(Statistic.MEAN_UCB, Op.LT, 3.0).evaluate(window(0, "m", ONE_TO_TEN)).verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void confidenceBound_withOneValue_isInconclusive() {
        Evaluation e = check(Statistic.MEAN_LCB, Op.GE, 0).evaluate(window(0, "m", 5));
        assertThat(e.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(e.evidence().estimate()).isEqualTo(5.0);
    }

    @Test
    void confidenceBound_withIdenticalValues_isThePointEstimate() {
        Evaluation e = check(Statistic.MEAN_LCB, Op.GE, 2).evaluate(window(0, "m", 2, 2, 2));
        assertThat(e.verdict()).isEqualTo(Verdict.PASS);
        assertThat(e.evidence().lower()).isEqualTo(2.0);
    }

    @Test
    void warningBand_flagsAPassNearAnUpperLimit() {
        Check c = Check.builder("p99").metric("m").require(Statistic.MAX, Op.LE, 250).warnWithinPercent(10).build();
        Evaluation near = c.evaluate(window(0, "m", 240));
        assertThat(near.verdict()).isEqualTo(Verdict.PASS);
        assertThat(near.warning()).isTrue();
        assertThat(near.reason()).contains("within 10%");
        Evaluation far = c.evaluate(window(0, "m", 200));
        assertThat(far.verdict()).isEqualTo(Verdict.PASS);
        assertThat(far.warning()).isFalse();
        Evaluation fail = c.evaluate(window(0, "m", 260));
        assertThat(fail.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(fail.warning()).isFalse();
    }

    @Test
    void warningBand_flagsAPassNearALowerLimitAndAConfidenceBound() {
        Check mean = Check.builder("acc").metric("m").require(Statistic.MEAN, Op.GE, 0.9).warnWithinPercent(5).build();
        assertThat(mean.evaluate(window(0, "m", 0.93)).warning()).isTrue();
        assertThat(mean.evaluate(window(0, "m", 0.99)).warning()).isFalse();
        Check lcb = Check.builder("lcb").metric("m").require(Statistic.MEAN_LCB, Op.GE, 3.5).warnWithinPercent(10).build();
        Evaluation e = lcb.evaluate(window(0, "m", ONE_TO_TEN));
        assertThat(e.verdict()).isEqualTo(Verdict.PASS);
        assertThat(e.warning()).isTrue();
    }

    @Test
    void evidence_carriesThresholdAndWindowBounds() {
        Window w = window(3, "m", 1, 2);
        Evidence e = check(Statistic.MAX, Op.LT, 7).evaluate(w).evidence();
        assertThat(e.threshold()).isEqualTo(7);
        assertThat(e.comparator()).isEqualTo(Op.LT);
        assertThat(e.windowStart()).isEqualTo(w.start());
        assertThat(e.windowEnd()).isEqualTo(w.end());
        assertThat(e.samples()).isEqualTo(2);
        assertThat(e.lower()).isNaN();
    }

    @Test
    void check_rejectsAConfidenceBoundFacingTheWrongWayAndNamesEveryProblem() {
        assertThatThrownBy(() -> Check.builder("bad name!").metric("m").require(Statistic.MEAN_LCB, Op.LE, 1)
                .minSamples(0).confidence(1.5).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad name!")
                .hasMessageContaining("MEAN_LCB is a lower bound and needs comparator GT or GE, but was LE")
                .hasMessageContaining("minSamples must be >= 1, but was 0")
                .hasMessageContaining("confidence must be in (0.5, 1), but was 1.5");
    }

    @Test
    void observation_rejectsNonFiniteValues() {
        assertThatThrownBy(() -> new Observation("m", "all", T0, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
    }
}
