package dev.assay.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.core.progress.Progress;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The plain renderer: a start line and one line per tenth, the same lines however the units arrive. */
class PlainProgressTest {
    private static List<String> lines(StringWriter w) {
        return w.toString().lines().toList();
    }

    @Test
    void fakeJob_printsAStartLineAndEveryTenth() {
        StringWriter w = new StringWriter();
        Progress progress = new PlainProgress(new PrintWriter(w));
        try (Progress.Task task = progress.start("fake job", 20)) {
            for (int i = 0; i < 20; i++) task.step(1);
        }
        assertThat(lines(w)).containsExactly(
                "assay: progress: fake job: started (20)",
                "assay: progress: fake job: 10%", "assay: progress: fake job: 20%", "assay: progress: fake job: 30%",
                "assay: progress: fake job: 40%", "assay: progress: fake job: 50%", "assay: progress: fake job: 60%",
                "assay: progress: fake job: 70%", "assay: progress: fake job: 80%", "assay: progress: fake job: 90%",
                "assay: progress: fake job: 100%");
    }

    @Test
    void unevenAndParallelSteps_giveTheSameLinesAsSingleSteps() {
        StringWriter single = new StringWriter();
        try (Progress.Task task = new PlainProgress(new PrintWriter(single)).start("resamples", 10_000)) {
            for (int i = 0; i < 10_000; i++) task.step(1);
        }
        StringWriter parallel = new StringWriter();
        try (Progress.Task task = new PlainProgress(new PrintWriter(parallel)).start("resamples", 10_000)) {
            IntStream.range(0, 40).parallel().forEach(c -> task.step(c == 39 ? 10_000 - 39 * 256 : 256));
        }
        assertThat(lines(parallel)).hasSize(11).isEqualTo(lines(single));
    }

    @Test
    void aBigStep_printsEveryTenthItCrosses_andUnitsBeyondTheTotalAddNothing() {
        StringWriter w = new StringWriter();
        try (Progress.Task task = new PlainProgress(new PrintWriter(w)).start("build", 3)) {
            task.step(2);
            task.step(5);
        }
        assertThat(lines(w)).hasSize(11).endsWith("assay: progress: build: 100%").doesNotHaveDuplicates();
    }

    @Test
    void anEmptyTask_printsOnlyItsStart() {
        StringWriter w = new StringWriter();
        try (Progress.Task task = new PlainProgress(new PrintWriter(w)).start("nothing", 0)) {
            task.step(0);
        }
        assertThat(lines(w)).containsExactly("assay: progress: nothing: started (0)");
    }

    @Test
    void negativeTotalsAndSteps_areRefused() {
        PlainProgress p = new PlainProgress(new PrintWriter(new StringWriter()));
        assertThatThrownBy(() -> p.start("x", -1)).hasMessageContaining("-1");
        assertThatThrownBy(() -> p.start("x", 1).step(-2)).hasMessageContaining("-2");
    }
}
