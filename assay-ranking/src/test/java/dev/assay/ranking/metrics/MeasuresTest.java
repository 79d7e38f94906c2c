package dev.assay.ranking.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MeasuresTest {
    @Test
    void spec_isTheInputSpellingThatParsesBackToTheSameMeasure() {
        List<String> specs = List.of("ndcg", "ndcg.1=3,2=9", "ndcg_cut.10", "map", "recip_rank", "P.5", "recall.100");
        for (String spec : specs) {
            Measure m = Measures.parse(spec).get(0);
            assertThat(m.spec()).isEqualTo(spec);
            assertThat(Measures.parse(m.spec())).containsExactly(m);
        }
        assertThat(Measure.ndcgCut(10).name()).as("output spelling differs").isEqualTo("ndcg_cut_10");
    }
}
