package dev.assay.ranking.release;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.core.stats.PairedBootstrap;
import dev.assay.ranking.figure.Figure;
import dev.assay.ranking.figure.Histogram;
import dev.assay.ranking.figure.TopicDelta;
import dev.assay.ranking.metrics.PairedScores;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A release report's figures and the histogram its JSON records: the bootstrap of the bound, the sorted deltas. */
class ReleaseFiguresTest {
    private static ReleaseReport report(PairedScores s, int minTopicsScale) {
        return ReleaseGate.evaluate(ReleaseContract.qualityOnly(s.measure(), QualityMethod.BOOTSTRAP_BCA, 0.05, 0.01, 1000, 3),
                ReleaseInputs.ofScores(s), "v1", "v2", ReleaseGateTest.CLOCK);
    }

    @Test
    void qualityGuard_carriesTheHistogramOfTheBootstrapItsBoundCameFrom_andItsSortedTopicDeltas() {
        PairedScores s = ReleaseGateTest.scores("ndcg", 40, 0.03, 0.02, 1);
        GuardResult.Quality q = (GuardResult.Quality) report(s, 1).guards().get(0);
        Histogram expected = Histogram.of(PairedBootstrap.ofDeltas(s.deltas(), 1000, 3).sortedMeans(), Histogram.DEFAULT_MAX_BINS);
        assertThat(q.bootstrap()).contains(expected);
        assertThat(expected.bins()).isEqualTo(20);
        assertThat(q.topicDeltas()).isEqualTo(TopicDelta.sorted(s.topics(), s.deltas()));

        List<Figure> figures = report(s, 1).figures();
        assertThat(figures).extracting(Figure::file).containsExactly("bootstrap-" + q.name() + ".png", "topics-" + q.name() + ".png");
        Figure.Distribution d = (Figure.Distribution) figures.get(0);
        assertThat(d.markers()).extracting(Figure.Marker::value).containsExactly(q.lower(), q.estimate(), -0.01);
        assertThat(d.xLabel()).contains("1000 resamples", "40 topics");
    }

    @Test
    void json_hasACompactHistogramPerTestedQualityGuard() {
        PairedScores s = ReleaseGateTest.scores("ndcg", 40, 0.03, 0.02, 1);
        ReleaseReport r = report(s, 1);
        Histogram h = ((GuardResult.Quality) r.guards().get(0)).bootstrap().orElseThrow();
        JsonNode hist = ReleaseRecords.toJson(r).path("guards").get(0).path("histogram");
        assertThat(hist.path("edges").size()).isEqualTo(h.bins() + 1).isLessThanOrEqualTo(Histogram.DEFAULT_MAX_BINS + 1);
        assertThat(hist.path("edges").get(0).asDouble()).isEqualTo(h.edges()[0]);
        long total = 0;
        for (JsonNode c : hist.path("counts")) total += c.asLong();
        assertThat(total).isEqualTo(1000);
    }

    @Test
    void markdownWithoutFigures_isTheMarkdownOfBefore() {
        ReleaseReport r = report(ReleaseGateTest.scores("ndcg", 40, 0.03, 0.02, 1), 1);
        assertThat(r.markdown(List.of(), "x")).isEqualTo(r.markdown()).doesNotContain("## Figures");
        assertThat(r.markdown(r.figures(), "release-figures")).startsWith(r.markdown())
                .contains("](release-figures/bootstrap-" + r.guards().get(0).name() + ".png)");
    }
}
