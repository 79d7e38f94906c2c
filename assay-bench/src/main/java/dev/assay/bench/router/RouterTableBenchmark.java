package dev.assay.bench.router;

import dev.assay.ranking.router.AdditiveRouter;
import dev.assay.ranking.router.Int8Router;
import dev.assay.ranking.router.Int8Table;
import dev.assay.ranking.router.PiecewiseLinear;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Inference time of a distilled routing policy: the 16-segment piecewise-linear function
 * (binary search over breakpoints), its INT8 table (binary search over the knots, one
 * multiply, one read), and a whole four-feature INT8 router as {@code assay rank distill}
 * ships it (one table per feature, summed). Target: under 50 ns per decision. Inputs cycle
 * through 4,096 precomputed values (rows).
 *
 * <p>Run: {@code ./mvnw -q -pl assay-bench -am package -DskipTests && java
 * --enable-native-access=ALL-UNNAMED -jar assay-bench/target/benchmarks.jar RouterTableBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RouterTableBenchmark {
    private PiecewiseLinear pwl;
    private Int8Table table;
    private Int8Router router;
    private final double[] inputs = new double[4096];
    private final double[][] rows = new double[4096][];
    private int i;

    @Setup
    public void setUp() {
        SplittableRandom r = new SplittableRandom(1);
        int n = 4000;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int k = 0; k < n; k++) {
            x[k] = r.nextDouble() * 6;
            y[k] = Math.log1p(x[k]) + 0.05 * r.nextGaussian();
        }
        pwl = PiecewiseLinear.fit(x, y, 16).monotone();
        table = Int8Table.of(pwl, 256);
        for (int k = 0; k < inputs.length; k++) inputs[k] = r.nextDouble() * 6;
        double[][] features = new double[n][];
        double[] teacher = new double[n];
        for (int k = 0; k < n; k++) {
            features[k] = new double[] {r.nextDouble(), r.nextDouble(), r.nextGaussian(), r.nextDouble()};
            teacher[k] = -0.3 * features[k][0] - 0.1 * features[k][1] + 0.05 * Math.sin(features[k][2]) + 0.02 * features[k][3];
        }
        router = AdditiveRouter.distil(List.of("confidence", "top_gap", "top_z", "flatness"), new int[] {-1, -1, 0, 0},
                features, teacher, 16, 20).quantise(1024);
        for (int k = 0; k < rows.length; k++) rows[k] = new double[] {r.nextDouble(), r.nextDouble(), r.nextGaussian(), r.nextDouble()};
    }

    @Benchmark
    public double int8Router() {
        return router.apply(rows[i++ & 4095]);
    }

    @Benchmark
    public double int8Table() {
        return table.apply(inputs[i++ & 4095]);
    }

    @Benchmark
    public double piecewiseLinear() {
        return pwl.apply(inputs[i++ & 4095]);
    }
}
