package dev.assay.ranking.figure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.core.stats.PairedBootstrap;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Golden values of the figures' data: bins and counts, sorted deltas, file names and the Markdown links. */
class FigureDataTest {
    @Test
    void histogram_hasRiceBinsFromMinToMax_andCountsEachValueOnce() {
        // n = 8: ceil(2 * 8^(1/3)) = 4 bins of width (4 - 0) / 4 = 1; 4.0 lands in the closed last bin
        Histogram h = Histogram.of(new double[] {0, 0.5, 1, 1, 2.5, 3, 3.99, 4}, Histogram.DEFAULT_MAX_BINS);
        assertThat(h.edges()).containsExactly(0, 1, 2, 3, 4);
        assertThat(h.counts()).containsExactly(2, 2, 1, 3);
        assertThat(h.total()).isEqualTo(8);
    }

    @Test
    void histogram_isCappedAtMaxBins_andOneValueRepeatedIsOneNarrowBin() {
        double[] many = new double[10_000];
        for (int i = 0; i < many.length; i++) many[i] = i;
        assertThat(Histogram.of(many, 40).bins()).isEqualTo(40);
        assertThat(Histogram.of(many, 40).counts()).containsOnly(250);
        Histogram one = Histogram.of(new double[] {0.25, 0.25, 0.25}, 40);
        assertThat(one.counts()).containsExactly(3);
        assertThat(one.edges()).containsExactly(0.25 - 0.5e-6, 0.25 + 0.5e-6);
        assertThatThrownBy(() -> Histogram.of(new double[] {1, Double.NaN}, 40)).hasMessageContaining("NaN");
        assertThatThrownBy(() -> new Histogram(new double[] {0, 1}, new long[] {1, 2})).hasMessageContaining("2 counts and 2 edges");
    }

    /** Fixed deltas and seed: the histogram the release gate records, counted again here by brute force. */
    @Test
    void histogramOfBootstrapMeans_forAFixedSeed_matchesABruteForceCount() {
        double[] deltas = {0.12, -0.05, 0.30, 0.00, 0.08, -0.20, 0.15, 0.02, 0.07, -0.01, 0.25, 0.05};
        double[] means = PairedBootstrap.ofDeltas(deltas, 1000, 42).sortedMeans();
        Histogram h = Histogram.of(means, Histogram.DEFAULT_MAX_BINS);
        assertThat(h.bins()).isEqualTo(20); // ceil(2 * 1000^(1/3)) = 20
        double[] e = h.edges();
        assertThat(e[0]).isEqualTo(means[0]);
        assertThat(e[20]).isEqualTo(means[999]);
        long[] expected = new long[20];
        for (double m : means) {
            int bin = 19;
            while (bin > 0 && m < e[bin]) bin--;
            expected[bin]++;
        }
        assertThat(h.counts()).containsExactly(expected);
        assertThat(h.total()).isEqualTo(1000);
        assertThat(Histogram.of(PairedBootstrap.ofDeltas(deltas, 1000, 42).sortedMeans(), 40)).isEqualTo(h); // same seed, same bins
    }

    @Test
    void topicDeltas_areAscendingByDeltaThenTopic() {
        List<TopicDelta> sorted = TopicDelta.sorted(List.of("303", "301", "302", "304"), new double[] {0.1, -0.2, 0.1, 0.0});
        assertThat(sorted).containsExactly(new TopicDelta("301", -0.2), new TopicDelta("304", 0.0), new TopicDelta("302", 0.1),
                new TopicDelta("303", 0.1));
        assertThatThrownBy(() -> new Figure.SortedDeltas("topics-x.png", "t", "y", List.of(new TopicDelta("a", 1), new TopicDelta("b", 0))))
                .hasMessageContaining("ascending");
    }

    @Test
    void fileNames_areSafe_andTheMarkdownLinksEachFigureRelatively() {
        assertThat(Figure.fileName("bootstrap", "ndcg@10 on Slice/A")).isEqualTo("bootstrap-ndcg-10-on-slice-a.png");
        Figure f = new Figure.SortedDeltas("topics-map.png", "Per-topic Δ map", "Δ map", List.of(new TopicDelta("1", 0)));
        assertThat(Figure.markdownSection(List.of(f), "my report-figures"))
                .isEqualTo("\n## Figures\n\n![Per-topic Δ map](my%20report-figures/topics-map.png)\n\n");
        assertThat(Figure.markdownSection(List.of(), "x")).isEmpty();
    }
}
