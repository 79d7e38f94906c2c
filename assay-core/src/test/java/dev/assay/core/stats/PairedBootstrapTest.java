package dev.assay.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.assay.core.InvalidInputException;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class PairedBootstrapTest {
    private static double[] normal(SplittableRandom rng, int n, double mean, double sd) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = mean + sd * rng.nextGaussian();
        }
        return v;
    }

    @Test
    void shouldGiveIdenticalBoundsForTheSameSeedAndDifferentOnesForAnother() {
        double[] d = normal(new SplittableRandom(1), 300, 0.2, 1.0);
        ConfidenceBound a = PairedBootstrap.ofDeltas(d, 2_000, 42).twoSided(Interval.BCA, 0.05);
        ConfidenceBound b = PairedBootstrap.ofDeltas(d, 2_000, 42).twoSided(Interval.BCA, 0.05);
        ConfidenceBound c = PairedBootstrap.ofDeltas(d, 2_000, 43).twoSided(Interval.BCA, 0.05);
        assertThat(b).isEqualTo(a);
        assertThat(c.lower()).isNotEqualTo(a.lower());
    }

    @Test
    void shouldNotDependOnTheNumberOfThreads() throws Exception {
        double[] d = normal(new SplittableRandom(2), 1_000, 0.0, 1.0);
        Supplier<double[]> bounds = () -> {
            PairedBootstrap boot = PairedBootstrap.ofDeltas(d, 5_000, 7);
            return new double[] {
                boot.lowerBound(Interval.PERCENTILE, 0.05).lower(),
                boot.upperBound(Interval.BCA, 0.01).upper(),
                boot.standardError(),
                boot.biasCorrection()
            };
        };
        ForkJoinPool one = new ForkJoinPool(1);
        ForkJoinPool four = new ForkJoinPool(4);
        try {
            double[] single = one.submit(bounds::get).get();
            double[] several = four.submit(bounds::get).get();
            assertThat(several).containsExactly(single);
            assertThat(bounds.get()).containsExactly(single);
        } finally {
            one.shutdown();
            four.shutdown();
        }
    }

    @Test
    void shouldBootstrapCandidateMinusBaseline() {
        double[] candidate = {0.9, 0.7, 0.8, 0.95, 0.6};
        double[] baseline = {0.8, 0.75, 0.7, 0.9, 0.5};
        double[] deltas = new double[candidate.length];
        for (int i = 0; i < deltas.length; i++) {
            deltas[i] = candidate[i] - baseline[i];
        }
        PairedBootstrap paired = PairedBootstrap.of(candidate, baseline, 1_000, 5);
        assertThat(paired.mean()).isCloseTo(0.06, within(1e-12));
        assertThat(paired.twoSided(Interval.PERCENTILE, 0.1))
                .isEqualTo(PairedBootstrap.ofDeltas(deltas, 1_000, 5).twoSided(Interval.PERCENTILE, 0.1));
    }

    @Test
    void percentileBoundsShouldBeTheAtomsOfATwoPointBootstrapDistribution() {
        // Means of resamples of {0, 1} take 0, 0.5, 1 with probabilities 1/4, 1/2, 1/4:
        // the 5% and 95% quantiles are exactly the atoms 0 and 1.
        PairedBootstrap boot = PairedBootstrap.ofDeltas(new double[] {0.0, 1.0}, 10_000, 11);
        assertThat(boot.lowerBound(Interval.PERCENTILE, 0.05).lower()).isEqualTo(0.0);
        assertThat(boot.upperBound(Interval.PERCENTILE, 0.05).upper()).isEqualTo(1.0);
        // The 40% and 60% quantiles both fall inside the atom at 0.5 (cumulative 0.25 to 0.75).
        ConfidenceBound middle = boot.twoSided(Interval.PERCENTILE, 0.8);
        assertThat(middle.lower()).isEqualTo(0.5);
        assertThat(middle.upper()).isEqualTo(0.5);
    }

    @Test
    void accelerationShouldEqualTheJackknifeDefinition() {
        double[] d = new double[40];
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < d.length; i++) {
            d[i] = -Math.log(rng.nextDouble()); // exponential: skewed, so a > 0
        }
        int n = d.length;
        double sum = 0;
        for (double v : d) {
            sum += v;
        }
        double[] leaveOneOut = new double[n];
        double centre = 0;
        for (int i = 0; i < n; i++) {
            leaveOneOut[i] = (sum - d[i]) / (n - 1);
            centre += leaveOneOut[i] / n;
        }
        double num = 0;
        double den = 0;
        for (double t : leaveOneOut) {
            num += Math.pow(centre - t, 3);
            den += Math.pow(centre - t, 2);
        }
        double jackknife = num / (6 * Math.pow(den, 1.5));
        assertThat(jackknife).isPositive();
        assertThat(PairedBootstrap.ofDeltas(d, 100, 1).acceleration()).isCloseTo(jackknife, within(1e-12));
    }

    @Test
    void bcaShouldMatchPercentileWhenTheBootstrapDistributionIsSymmetricAndUnbiased() {
        double[] half = normal(new SplittableRandom(4), 250, 0.0, 1.0);
        double[] d = new double[500];
        for (int i = 0; i < half.length; i++) {
            d[2 * i] = 3.0 + half[i];
            d[2 * i + 1] = 3.0 - half[i]; // mirrored about 3: zero skew, so a = 0
        }
        PairedBootstrap boot = PairedBootstrap.ofDeltas(d, 20_000, 9);
        assertThat(boot.acceleration()).isCloseTo(0.0, within(1e-12));
        // z0 = Phi^-1(share below the mean); its Monte Carlo sd is about 1.25 / sqrt(B) = 0.009.
        assertThat(boot.biasCorrection()).isCloseTo(0.0, within(0.04));
        // A bias correction z0 moves each BCa end by about 2 z0 standard errors (<= 0.08 here), plus tail noise.
        double tolerance = 0.15 * boot.standardError();
        for (double alpha : new double[] {0.01, 0.05, 0.2}) {
            ConfidenceBound pct = boot.twoSided(Interval.PERCENTILE, alpha);
            ConfidenceBound bca = boot.twoSided(Interval.BCA, alpha);
            assertThat(bca.lower()).isCloseTo(pct.lower(), within(tolerance));
            assertThat(bca.upper()).isCloseTo(pct.upper(), within(tolerance));
        }
    }

    @Test
    void twoSidedPercentileIntervalShouldCoverTheTrueMeanAtItsNominalRate() {
        int trials = 400;
        int covered = 0;
        SplittableRandom rng = new SplittableRandom(12);
        for (int t = 0; t < trials; t++) {
            double[] d = normal(rng, 60, 1.5, 2.0);
            if (PairedBootstrap.ofDeltas(d, 1_000, t).twoSided(Interval.PERCENTILE, 0.10).contains(1.5)) {
                covered++;
            }
        }
        assertCoverage(covered, trials, 0.90);
    }

    @Test
    void bcaLowerBoundShouldCoverTheTrueMeanOfSkewedDeltasAtItsNominalRate() {
        int trials = 400;
        int covered = 0;
        SplittableRandom rng = new SplittableRandom(13);
        for (int t = 0; t < trials; t++) {
            double[] d = new double[80];
            for (int i = 0; i < d.length; i++) {
                d[i] = -Math.log(rng.nextDouble()) - 1.0; // exponential shifted to mean 0
            }
            if (PairedBootstrap.ofDeltas(d, 1_000, t).lowerBound(Interval.BCA, 0.05).contains(0.0)) {
                covered++;
            }
        }
        assertCoverage(covered, trials, 0.95);
    }

    /** Observed coverage within 3 binomial standard errors of nominal, less 0.02 for the bootstrap's own O(1/n) error. */
    private static void assertCoverage(int covered, int trials, double nominal) {
        double se = Math.sqrt(nominal * (1 - nominal) / trials);
        double rate = (double) covered / trials;
        assertThat(rate).isBetween(nominal - 3 * se - 0.02, nominal + 3 * se);
    }

    @Test
    void shouldRejectInvalidInputNamingTheProblem() {
        double[] ok = {1, 2, 3};
        assertThatThrownBy(() -> PairedBootstrap.ofDeltas(new double[0], 100, 1))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("at least 2");
        assertThatThrownBy(() -> PairedBootstrap.ofDeltas(new double[] {1, Double.NaN}, 100, 1))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("deltas[1]").hasMessageContaining("NaN");
        assertThatThrownBy(() -> PairedBootstrap.of(ok, new double[] {1, 2}, 100, 1))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("same length").hasMessageContaining("3 and 2");
        assertThatThrownBy(() -> PairedBootstrap.ofDeltas(ok, 5, 1))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("resamples").hasMessageContaining("5");
        PairedBootstrap boot = PairedBootstrap.ofDeltas(ok, 100, 1);
        for (double alpha : new double[] {0.0, 1.0, -0.1, Double.NaN}) {
            assertThatThrownBy(() -> boot.lowerBound(Interval.BCA, alpha))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("alpha").hasMessageContaining(String.valueOf(alpha));
        }
        assertThatThrownBy(() -> boot.twoSided(null, 0.05)).isInstanceOf(InvalidInputException.class);
    }
}
