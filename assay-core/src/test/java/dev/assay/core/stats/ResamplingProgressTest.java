package dev.assay.core.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.core.progress.Progress;
import dev.assay.core.testing.RecordingProgress;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Progress of the Monte Carlo methods: every draw is stepped once, in chunks, and the results do not change. */
class ResamplingProgressTest {
    private static double[] deltas(int n) {
        SplittableRandom r = new SplittableRandom(7);
        double[] d = new double[n];
        for (int i = 0; i < n; i++) d[i] = r.nextGaussian() * 0.1 + 0.01;
        return d;
    }

    @Test
    void bootstrap_stepsEveryResampleOnceInChunks_andGivesTheSameBounds() {
        double[] d = deltas(250);
        RecordingProgress progress = new RecordingProgress();
        PairedBootstrap with;
        try (Progress.Task task = progress.start("bootstrap", 10_001)) {
            with = PairedBootstrap.ofDeltas(d, 10_001, 3L, task);
        }
        PairedBootstrap without = PairedBootstrap.ofDeltas(d, 10_001, 3L);
        RecordingProgress.Recorded task = progress.tasks().get(0);
        assertThat(task.stepped()).isEqualTo(10_001);
        assertThat(task.steps()).isEqualTo((10_001 + SeededChunks.CHUNK - 1) / SeededChunks.CHUNK);
        assertThat(with.lowerBound(Interval.BCA, 0.05)).isEqualTo(without.lowerBound(Interval.BCA, 0.05));
        assertThat(with.twoSided(Interval.PERCENTILE, 0.05)).isEqualTo(without.twoSided(Interval.PERCENTILE, 0.05));
    }

    @Test
    void signFlip_stepsEveryResampleOnce_andGivesTheSameP() {
        double[] d = deltas(90);
        RecordingProgress progress = new RecordingProgress();
        TestResult with = Randomization.signFlip(d, Tail.UPPER, 5_000, 11L, progress.start("sign-flip", 5_000));
        assertThat(progress.tasks().get(0).stepped()).isEqualTo(5_000);
        assertThat(with).isEqualTo(Randomization.signFlip(d, Tail.UPPER, 5_000, 11L));
    }

    @Test
    void none_acceptsStepsAndRefusesANegativeTotal() {
        try (Progress.Task task = Progress.none().start("nothing", 3)) {
            task.step(3);
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Progress.none().start("bad", -1))
                .hasMessageContaining("-1");
    }
}
