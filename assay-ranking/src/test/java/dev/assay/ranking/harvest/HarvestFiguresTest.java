package dev.assay.ranking.harvest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.ranking.figure.Figure;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The harvest figure's data: every warm point, the frontier the table stars. */
class HarvestFiguresTest {
    private static HarvestPoint warm(int ef, double recall, double p95) {
        return new HarvestPoint(new HarvestGrid.Config(ef, 10), Phase.WARM, recall, 0.9, p95 / 2, p95, 50);
    }

    @Test
    void frontierFigure_hasEveryWarmPoint_andMarksTheParetoOnes() {
        HarvestPoint cold = new HarvestPoint(new HarvestGrid.Config(10, 10), Phase.COLD, 0.5, 0.9, 100, 900, 50);
        List<HarvestPoint> points = List.of(cold, warm(10, 0.80, 100), warm(20, 0.90, 150), warm(40, 0.85, 200), warm(80, 0.97, 400));
        HarvestResult r = new HarvestResult("c", 100, 50, 384, "m",
                new HarvestGrid(List.of(10, 20, 40, 80), List.of(10), 1, new HnswParams(16, 100)), 5, points);
        Figure.Frontier f = (Figure.Frontier) r.figures().get(0);
        assertThat(f.file()).isEqualTo(HarvestResult.FRONTIER_FILE);
        assertThat(f.points()).containsExactly(new Figure.Point("ef 10, k 10", 100, 0.80, true),
                new Figure.Point("ef 20, k 10", 150, 0.90, true), new Figure.Point("ef 40, k 10", 200, 0.85, false),
                new Figure.Point("ef 80, k 10", 400, 0.97, true));
        assertThat(f.frontier()).extracting(Figure.Point::label).containsExactly("ef 10, k 10", "ef 20, k 10", "ef 80, k 10");
        assertThat(f.xLabel()).contains("µs");
    }
}
