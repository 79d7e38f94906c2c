package dev.assay.ranking.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.assay.core.InvalidInputException;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class CompressionTest {
    @Test
    void fit_reproducesAPiecewiseLinearTeacherExactly() {
        double[] x = new double[1001];
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = i / 1000.0;
            y[i] = x[i] < 0.5 ? 2 * x[i] : 1 + 0.5 * (x[i] - 0.5);
        }
        PiecewiseLinear f = PiecewiseLinear.fit(x, y, 2);
        assertThat(f.breakpoints()).containsExactly(0.0, 0.5, 1.0);
        assertThat(f.values()).containsExactly(new double[] {0.0, 1.0, 1.25}, within(1e-9));
        assertThat(f.apply(0.25)).isCloseTo(0.5, within(1e-9));
        assertThat(f.apply(-3)).isCloseTo(0.0, within(1e-9));
        assertThat(f.apply(7)).isCloseTo(1.25, within(1e-9));
    }

    @Test
    void monotone_poolsAdjacentViolators() {
        PiecewiseLinear f = new PiecewiseLinear(new double[] {0, 1, 2, 3, 4}, new double[] {0, 3, 1, 2, 5});
        assertThat(f.monotone().values()).containsExactly(0, 2, 2, 2, 5);
    }

    @Property(tries = 40)
    void sixteenSegmentsAndInt8_stayMonotoneAndClose(@ForAll @LongRange(min = 1, max = 100_000) long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 4000;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextDouble() * 6;
            y[i] = Math.log1p(x[i]) + 0.05 * r.nextGaussian(); // a noisy monotone teacher
        }
        PiecewiseLinear f = PiecewiseLinear.fit(x, y, 16).monotone();
        assertThat(f.segments()).isEqualTo(16);
        assertThat(Monotonicity.firstViolation(f::apply, -1, 7, 100_000, 0)).isNaN();
        Int8Table t = Int8Table.of(f, 256);
        assertThat(Monotonicity.firstViolation(t::apply, -1, 7, 100_000, 0)).isNaN();
        double worst = 0;
        for (int i = 0; i <= 10_000; i++) {
            double xi = f.breakpoints()[0] + (f.breakpoints()[16] - f.breakpoints()[0]) * i / 10_000.0;
            worst = Math.max(worst, Math.abs(t.apply(xi) - f.apply(xi)));
        }
        double rise = 0;
        for (int j = 1; j <= 16; j++) rise = Math.max(rise, f.values()[j] - f.values()[j - 1]);
        assertThat(t.samplingError()).isEqualTo(rise / (2.0 * 16));
        assertThat(worst).isLessThanOrEqualTo(t.quantisationError() + t.samplingError() + 1e-12);
        assertThat(Math.abs(f.apply(3) - Math.log1p(3))).isLessThan(0.05);
    }

    @Property(tries = 200)
    void int8TableReadsTheCellOfItsSegment_forAnyNumberOfSegments(@ForAll @LongRange(min = 1, max = 1_000_000) long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int segments = 1 + r.nextInt(40);
        double[] knots = new double[segments + 1];
        double[] values = new double[segments + 1];
        for (int k = 1; k <= segments; k++) {
            knots[k] = knots[k - 1] + Math.pow(10, -3 + 4 * r.nextDouble()); // widths over four decades
            values[k] = r.nextGaussian();
        }
        Int8Table t = Int8Table.of(new PiecewiseLinear(knots, values), Math.max(2, (1 + r.nextInt(8)) * segments));
        int perSegment = t.cellsPerSegment();
        byte[] codes = t.codes();
        for (int i = 0; i < 500; i++) {
            double x = knots[0] - 1 + (knots[segments] - knots[0] + 2) * r.nextDouble();
            int seg = java.util.Arrays.binarySearch(knots, x);
            seg = seg >= 0 ? seg : -seg - 2;
            int cell = x < knots[0] ? 0 : x >= knots[segments] ? codes.length - 1
                    : seg * perSegment + Math.min(perSegment - 1, (int) ((x - knots[seg]) * (perSegment / (knots[seg + 1] - knots[seg]))));
            assertThat(t.apply(x)).isEqualTo(t.offset() + t.scale() * codes[cell]);
        }
    }

    @Test
    void badInputsAreNamed() {
        assertThatThrownBy(() -> PiecewiseLinear.fit(new double[] {1, 1, 1, 1}, new double[] {1, 2, 3, 4}, 2))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("distinct");
        assertThatThrownBy(() -> new PiecewiseLinear(new double[] {0, 0}, new double[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("increase");
        assertThat(Int8Table.of(new PiecewiseLinear(new double[] {0, 1}, new double[] {0, 1}), 16).apply(Double.NaN))
                .isCloseTo(1 / 32.0, within(1 / 254.0));
    }
}
