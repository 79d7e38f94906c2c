package dev.assay.fingerprint.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Each evidence function against values computed by hand (the arithmetic is in the comments). */
class DriftEvidenceTest {
    private static final double EXACT = 1e-12;

    @Test
    void mannKendall_tinySeries() {
        // pairs of 1,3,2,4: + + + - + +, so S = 4; Var = 4*3*13/18 = 8.6667; Z = (4 - 1)/sqrt(8.6667) = 1.019049;
        // p = 2(1 - Phi(1.019049)) = 0.308180; slopes 2, 0.5, 1, -1, 0.5, 2 have median 0.75
        DriftEvidence.MannKendall mk = DriftEvidence.mannKendall(new double[] {1, 3, 2, 4});
        assertThat(mk.s()).isEqualTo(4);
        assertThat(mk.variance()).isCloseTo(156.0 / 18, within(EXACT));
        assertThat(mk.z()).isCloseTo(3 / Math.sqrt(156.0 / 18), within(EXACT));
        assertThat(mk.p()).isCloseTo(0.308180, within(1e-6));
        assertThat(mk.senSlope()).isCloseTo(0.75, within(EXACT));
    }

    @Test
    void mannKendall_correctsTheVarianceForTies() {
        // 1,2,2,3: + + + 0 + +, S = 5; one tie group of 2: Var = (4*3*13 - 2*1*9)/18 = 138/18; Z = 4/sqrt(138/18)
        DriftEvidence.MannKendall mk = DriftEvidence.mannKendall(new double[] {1, 2, 2, 3});
        assertThat(mk.s()).isEqualTo(5);
        assertThat(mk.variance()).isCloseTo(138.0 / 18, within(EXACT));
        assertThat(mk.z()).isCloseTo(1.444630, within(1e-6));
        DriftEvidence.MannKendall down = DriftEvidence.mannKendall(new double[] {3, 2, 2, 1});
        assertThat(down.s()).isEqualTo(-5);
        assertThat(down.z()).isCloseTo(-1.444630, within(1e-6));
        // slopes -1, -1/2, -2/3, 0, -1/2, -1: median of the middle two, (-2/3 - 1/2)/2 = -7/12
        assertThat(down.senSlope()).isCloseTo(-7.0 / 12, within(EXACT));
    }

    @Test
    void acf_ofKnownSeries() {
        // 1,2,3,4: deviations -1.5 -0.5 0.5 1.5, sum of squares 5; r1 = 1.25/5, r2 = -1.5/5, r3 = -2.25/5
        assertThat(DriftEvidence.acf(new double[] {1, 2, 3, 4}, 3)).containsExactly(new double[] {1, 0.25, -0.3, -0.45},
                within(EXACT));
        // alternating signs: r_k = (-1)^k (6 - k)/6
        assertThat(DriftEvidence.acf(new double[] {1, -1, 1, -1, 1, -1}, 10))
                .containsExactly(new double[] {1, -5.0 / 6, 4.0 / 6, -3.0 / 6, 2.0 / 6, -1.0 / 6}, within(EXACT));
        assertThat(DriftEvidence.acf(new double[] {2, 2, 2}, 2)).containsExactly(0.0, 0.0, 0.0);
    }

    @Test
    void periodicity_findsThePeakAfterTheFirstNegativeLag() {
        // alternating series of 6: first negative at lag 1, highest later value 4/6 at lag 2, trough -5/6;
        // bound 1.96/sqrt(6) = 0.8002 exceeds the peak, so six points are not enough to call it periodic
        DriftEvidence.Periodicity six = DriftEvidence.periodicity(DriftEvidence.acf(new double[] {1, -1, 1, -1, 1, -1}, 3), 6);
        assertThat(six.lag()).isEqualTo(2);
        assertThat(six.peak()).isCloseTo(4.0 / 6, within(EXACT));
        assertThat(six.trough()).isCloseTo(-5.0 / 6, within(EXACT));
        assertThat(six.bound()).isCloseTo(1.96 / Math.sqrt(6), within(EXACT));
        assertThat(six.periodic(0.25)).isFalse();

        double[] period4 = new double[200];
        for (int i = 0; i < period4.length; i++) {
            period4[i] = new double[] {0, 1, 0, -1}[i % 4];
        }
        // sum of squares 100; lag 2 pairs x_t x_{t+2} = -x_t^2 over 198 terms (99 nonzero): -99/100; lag 4: 98/100
        DriftEvidence.Periodicity p = DriftEvidence.periodicity(DriftEvidence.acf(period4, 10), 200);
        assertThat(p.lag()).isEqualTo(4);
        assertThat(p.peak()).isCloseTo(98.0 / 100, within(EXACT));
        assertThat(p.trough()).isCloseTo(-99.0 / 100, within(EXACT));
        assertThat(p.periodic(0.25)).isTrue();

        // a monotone series never turns negative early enough to oscillate
        DriftEvidence.Periodicity ramp = DriftEvidence.periodicity(DriftEvidence.acf(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 2), 8);
        assertThat(ramp.lag()).isZero();
        assertThat(ramp.periodic(0.25)).isFalse();
    }

    @Test
    void changePoint_ofAStepIsFullyAbrupt() {
        // only split at 5: means 0.4 and 5.4, within-segment sum of squares 1.2 + 1.2, pooled variance 2.4/8 = 0.3,
        // t = 5 / sqrt(0.3 * (1/5 + 1/5)) = 14.4338; both segments have slope 0, so the jump is 5 and abruptness 1
        DriftEvidence.ChangePoint cp = DriftEvidence.changePoint(new double[] {0, 1, 0, 1, 0, 5, 6, 5, 6, 5}, 5);
        assertThat(cp.index()).isEqualTo(5);
        assertThat(cp.t()).isCloseTo(5 / Math.sqrt(0.12), within(1e-9));
        assertThat(cp.meanShift()).isCloseTo(5, within(EXACT));
        assertThat(cp.slopeBefore()).isCloseTo(0, within(EXACT));
        assertThat(cp.slopeAfter()).isCloseTo(0, within(EXACT));
        assertThat(cp.jump()).isCloseTo(5, within(1e-9));
        assertThat(cp.abruptness()).isCloseTo(1, within(1e-9));
    }

    @Test
    void changePoint_ofARampHasNoJump() {
        // 0..5 split at 3: means 1 and 4, within sums of squares 2 + 2, pooled variance 1, t = 3 / sqrt(2/3);
        // both lines have slope 1 and meet at 2.5 between the segments: jump 0, abruptness 0
        DriftEvidence.ChangePoint cp = DriftEvidence.changePoint(new double[] {0, 1, 2, 3, 4, 5}, 3);
        assertThat(cp.index()).isEqualTo(3);
        assertThat(cp.t()).isCloseTo(3 / Math.sqrt(2.0 / 3), within(1e-9));
        assertThat(cp.slopeBefore()).isCloseTo(1, within(EXACT));
        assertThat(cp.slopeAfter()).isCloseTo(1, within(EXACT));
        assertThat(cp.jump()).isCloseTo(0, within(1e-9));
        assertThat(cp.abruptness()).isZero();
    }

    @Test
    void changePoint_picksTheSplitWithTheLargestUpwardT() {
        double[] x = {0.1, -0.2, 0.0, 0.2, -0.1, 0.1, 0.0, 2.1, 1.9, 2.0, 2.2, 1.8};
        assertThat(DriftEvidence.changePoint(x, 3).index()).isEqualTo(7);
    }

    @Test
    void welchT_handComputed() {
        // means 2 and 6, variances 1 and 4: t = 4 / sqrt(1/3 + 4/3)
        assertThat(DriftEvidence.welchT(new double[] {1, 2, 3}, new double[] {4, 6, 8})).isCloseTo(4 / Math.sqrt(5.0 / 3), within(EXACT));
        assertThat(DriftEvidence.welchT(new double[] {1}, new double[] {4, 6, 8})).isNaN();
        assertThat(DriftEvidence.median(new double[] {3, 1, 2})).isEqualTo(2);
    }
}
