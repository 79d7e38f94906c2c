package dev.assay.ranking.sustain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Per-slice split-conformal coverage on seeded synthetic data large enough for the band, and too small for it. */
class ConformalCoverageTest {
    private static final List<String> SLICES = List.of("low", "high");
    private static final CoverageBand BAND = CoverageBand.of(0.95);

    /** gain = 0.3 x1 - 0.2 x2 + noise, noise sd 0.05 in slice "low" (x1 < 0.5) and 0.15 in "high": heteroscedastic. */
    record Data(double[][] x, double[] y, String[] slice) {
        static Data generate(int n, long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            double[][] x = new double[n][];
            double[] y = new double[n];
            String[] s = new String[n];
            for (int i = 0; i < n; i++) {
                x[i] = new double[] {r.nextDouble(), r.nextDouble()};
                boolean low = x[i][0] < 0.5;
                s[i] = low ? "low" : "high";
                y[i] = truth(x[i]) + (low ? 0.05 : 0.15) * r.nextGaussian();
            }
            return new Data(x, y, s);
        }
    }

    static double truth(double[] x) {
        return 0.3 * x[0] - 0.2 * x[1];
    }

    /** The data-generating mean itself: the known-correct model. */
    private static final GainModel.Trainer KNOWN = (x, y) -> new GainModel() {
        @Override
        public double predict(double[] f) {
            return truth(f);
        }

        @Override
        public String describe() {
            return "truth";
        }
    };

    @Test
    void knownCorrectModel_landsInTheBandOnEverySliceOfALargeSample() {
        Data d = Data.generate(24_000, 7);
        CoverageReport r = ConformalCoverage.evaluate(d.x(), d.y(), d.slice(), SLICES, new ConformalCoverage.Split(1.0 / 3, 0.5), KNOWN,
                BAND, 11);
        assertThat(r.slices()).extracting(SliceCoverage::slice).containsExactly("low", "high", "all");
        for (SliceCoverage s : r.slices()) {
            assertThat(s.status()).as(s.reason()).isEqualTo(CoverageStatus.OK);
            assertThat(s.coverage()).isBetween(0.93, 0.97);
            assertThat(s.calibration()).isGreaterThan(r.minimumCalibration());
        }
        // Mondrian calibration: each slice's half-width follows its own noise, ~1.96 sd of |N(0, sd)|
        assertThat(r.slice("low").halfWidth()).isCloseTo(1.96 * 0.05, within(0.01));
        assertThat(r.slice("high").halfWidth()).isCloseTo(1.96 * 0.15, within(0.02));
        assertThat(r.slice("all").calibration() + r.slice("all").test() + r.training()).isEqualTo(24_000);
    }

    @Test
    void ols_learnsTheLinearGainAndCoversWithinTheBand() {
        Data d = Data.generate(12_000, 3);
        CoverageReport r = ConformalCoverage.evaluate(d.x(), d.y(), d.slice(), SLICES, new ConformalCoverage.Split(0.2, 0.5),
                GainModel.ols(), BAND, 5);
        assertThat(r.model()).startsWith("OLS");
        assertThat(r.training()).isEqualTo(2_400);
        for (SliceCoverage s : r.slices()) assertThat(s.status()).as(s.reason()).isEqualTo(CoverageStatus.OK);
        GainModel m = GainModel.ols().fit(d.x(), d.y());
        assertThat(m.predict(new double[] {1, 0})).isCloseTo(0.3, within(0.01));
        assertThat(m.predict(new double[] {0, 1})).isCloseTo(-0.2, within(0.01));
    }

    @Test
    void aHundredTopics_areTooFewPointsOnEverySlice() {
        Data d = Data.generate(100, 1);
        CoverageReport r = ConformalCoverage.evaluate(d.x(), d.y(), d.slice(), SLICES, new ConformalCoverage.Split(1.0 / 3, 0.5),
                GainModel.ols(), BAND, 1);
        for (SliceCoverage s : r.slices()) {
            assertThat(s.status()).isEqualTo(CoverageStatus.TOO_FEW_POINTS);
            assertThat(s.bandProbability()).isLessThan(0.9);
        }
        assertThat(r.slice("all").reason()).contains("needs >= 305");
    }

    @Test
    void sameSeed_sameReport_otherSeed_otherSplit() {
        Data d = Data.generate(3_000, 2);
        var split = new ConformalCoverage.Split(1.0 / 3, 0.5);
        CoverageReport a = ConformalCoverage.evaluate(d.x(), d.y(), d.slice(), SLICES, split, GainModel.ols(), BAND, 9);
        CoverageReport b = ConformalCoverage.evaluate(d.x(), d.y(), d.slice(), SLICES, split, GainModel.ols(), BAND, 9);
        CoverageReport c = ConformalCoverage.evaluate(d.x(), d.y(), d.slice(), SLICES, split, GainModel.ols(), BAND, 10);
        assertThat(a).isEqualTo(b);
        assertThat(c.slice("all").halfWidth()).isNotEqualTo(a.slice("all").halfWidth());
    }

    @Property(tries = 50)
    void everyRowIsUsedOnce_andTheSlicesAddUpToAll(@ForAll @IntRange(min = 60, max = 400) int n, @ForAll long seed,
                                                   @ForAll @DoubleRange(min = 0.1, max = 0.6) double train,
                                                   @ForAll @DoubleRange(min = 0.2, max = 0.8) double calibration) {
        Data d = Data.generate(n, seed);
        CoverageReport r = ConformalCoverage.evaluate(d.x(), d.y(), d.slice(), SLICES, new ConformalCoverage.Split(train, calibration),
                GainModel.ols(), BAND, seed);
        SliceCoverage all = r.slice(ConformalCoverage.ALL);
        assertThat(r.training() + all.calibration() + all.test()).isEqualTo(n);
        assertThat(r.slice("low").calibration() + r.slice("high").calibration()).isEqualTo(all.calibration());
        assertThat(r.slice("low").test() + r.slice("high").test()).isEqualTo(all.test());
        for (SliceCoverage s : r.slices()) {
            if (s.calibration() < 19) assertThat(s.halfWidth()).isInfinite();
            if (s.calibration() < r.minimumCalibration()) assertThat(s.status()).isEqualTo(CoverageStatus.TOO_FEW_POINTS);
        }
    }

    @Test
    void calibrationNarrowerThanTheTestResiduals_isOutOfBand() {
        SplittableRandom r = new SplittableRandom(4);
        double[] cal = new double[2_000];
        double[] test = new double[2_000];
        for (int i = 0; i < cal.length; i++) {
            cal[i] = Math.abs(r.nextGaussian());
            test[i] = Math.abs(2 * r.nextGaussian()); // a shift the calibration did not see
        }
        SliceCoverage s = ConformalCoverage.judge("shifted", cal, test, BAND);
        assertThat(s.status()).isEqualTo(CoverageStatus.OUT_OF_BAND);
        assertThat(s.coverage()).isCloseTo(0.68, within(0.04));
        assertThat(s.reason()).contains("under-covers");
    }

    @Test
    void tiedResiduals_overCoverAndAreOutOfBand() {
        double[] cal = new double[1_000];
        double[] test = new double[1_000];
        Arrays.fill(cal, 0.0); // e.g. an upshift that changes nothing: every gain and prediction 0
        Arrays.fill(test, 0.0);
        SliceCoverage s = ConformalCoverage.judge("ties", cal, test, BAND);
        assertThat(s.coverage()).isEqualTo(1.0);
        assertThat(s.status()).isEqualTo(CoverageStatus.OUT_OF_BAND);
        assertThat(s.reason()).contains("over-covers");
    }

    @Test
    void enoughCalibrationButFewTestPoints_isTooFewPoints() {
        SplittableRandom r = new SplittableRandom(8);
        double[] cal = new double[5_000];
        double[] test = new double[20];
        for (int i = 0; i < cal.length; i++) cal[i] = Math.abs(r.nextGaussian());
        for (int i = 0; i < test.length; i++) test[i] = Math.abs(r.nextGaussian());
        SliceCoverage s = ConformalCoverage.judge("few-test", cal, test, BAND);
        assertThat(s.bandProbability()).isGreaterThan(0.99);
        assertThat(s.status()).isEqualTo(CoverageStatus.TOO_FEW_POINTS);
        assertThat(s.reason()).contains("20 test points");
    }
}
