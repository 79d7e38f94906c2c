package dev.assay.bench.stats;

import dev.assay.core.stats.ConfidenceBound;
import dev.assay.core.stats.Interval;
import dev.assay.core.stats.PairedBootstrap;
import dev.assay.core.stats.Randomization;
import dev.assay.core.stats.Tail;
import dev.assay.core.stats.TestResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
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
 * Paired bootstrap and sign-flip test over 10,000 items with 10,000 resamples: the budget is &lt; 0.5 s
 * per bound on 2 cores. Baseline: {@link #naiveBoxedSequential}, the textbook loop (boxed list,
 * {@link Random#nextInt(int)}, one thread).
 *
 * <p>Run: {@code ./mvnw -q -pl assay-bench -am package -DskipTests && java -jar assay-bench/target/benchmarks.jar PairedBootstrapBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PairedBootstrapBenchmark {
    private static final int ITEMS = 10_000;
    private static final int RESAMPLES = 10_000;

    private double[] candidate;
    private double[] baseline;
    private double[] deltas;

    @Setup
    public void setUp() {
        SplittableRandom rng = new SplittableRandom(1);
        candidate = new double[ITEMS];
        baseline = new double[ITEMS];
        deltas = new double[ITEMS];
        for (int i = 0; i < ITEMS; i++) {
            baseline[i] = rng.nextDouble();
            candidate[i] = baseline[i] + 0.01 + 0.1 * rng.nextGaussian();
            deltas[i] = candidate[i] - baseline[i];
        }
    }

    /** The whole job: resample, sort, and read the BCa lower confidence bound at alpha = 0.05. */
    @Benchmark
    public ConfidenceBound bcaLowerBound() {
        return PairedBootstrap.of(candidate, baseline, RESAMPLES, 42).lowerBound(Interval.BCA, 0.05);
    }

    /** Monte Carlo sign-flip test of the same deltas, two-sided. */
    @Benchmark
    public TestResult signFlip() {
        return Randomization.signFlip(deltas, Tail.TWO_SIDED, RESAMPLES, 42);
    }

    /** Baseline: boxed values, java.util.Random, one thread, percentile lower bound. */
    @Benchmark
    public double naiveBoxedSequential() {
        List<Double> values = new ArrayList<>(ITEMS);
        for (double d : deltas) {
            values.add(d);
        }
        Random random = new Random(42);
        List<Double> means = new ArrayList<>(RESAMPLES);
        for (int b = 0; b < RESAMPLES; b++) {
            double s = 0;
            for (int i = 0; i < ITEMS; i++) {
                s += values.get(random.nextInt(ITEMS));
            }
            means.add(s / ITEMS);
        }
        Collections.sort(means);
        return means.get((int) (0.05 * (RESAMPLES - 1)));
    }
}
