package dev.assay.fingerprint.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class WindowedCusumTest {
    /** The deque agrees with the definition: the largest sum of z - k over runs ending now of at most window steps. */
    @Property(tries = 200, seed = "20250601")
    void equalsTheBruteForceMaximumOverRecentRuns(@ForAll long seed, @ForAll @IntRange(min = 1, max = 30) int window) {
        Random rnd = new Random(seed);
        double k = 0.5;
        WindowedCusum cusum = new WindowedCusum(window, k);
        double[] z = new double[300];
        for (int t = 0; t < z.length; t++) {
            z[t] = rnd.nextGaussian() + (t > 150 ? 1 : 0);
            double expected = 0;
            long start = t + 2;
            double run = 0;
            for (int j = t; j > t - window && j >= 0; j--) {
                run += z[j] - k;
                if (run > expected) {
                    expected = run;
                    start = j + 1;
                }
            }
            assertThat(cusum.step(z[t])).isCloseTo(expected, within(1e-9));
            if (expected > 1e-9) {
                assertThat(cusum.runStart()).isEqualTo(start);
            }
        }
    }

    @Test
    void withAWindowLongerThanTheStreamItIsPagesCusum() {
        Random rnd = new Random(3);
        WindowedCusum cusum = new WindowedCusum(10_000, 0.25);
        double page = 0;
        for (int t = 0; t < 5_000; t++) {
            double z = rnd.nextGaussian();
            page = Math.max(0, page + z - 0.25);
            assertThat(cusum.step(z)).isCloseTo(page, within(1e-9));
        }
    }

    @Test
    void rebasingKeepsLongStreamsExact() {
        WindowedCusum cusum = new WindowedCusum(5, 1);
        for (int t = 0; t < 3_000_000; t++) {
            cusum.step(0);
        }
        assertThat(cusum.step(0)).isZero();
        cusum.step(3);
        assertThat(cusum.step(3)).isEqualTo(4.0);
        assertThat(cusum.runStart()).isEqualTo(3_000_002);
    }
}
