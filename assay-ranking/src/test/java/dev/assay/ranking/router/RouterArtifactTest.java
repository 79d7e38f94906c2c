package dev.assay.ranking.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.core.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RouterArtifactTest {
    @TempDir
    Path dir;

    @Test
    void writtenRouterReadsBack_andDecidesExactlyAsBefore() throws Exception {
        DistillationTest.Synthetic s = DistillationTest.Synthetic.additive(400, 5);
        Distillation.Config d = Distillation.Config.defaults(10, 1);
        DistillationReport r = Distillation.run(s.features(new int[] {-1, -1}), s.gain(), s.cost(),
                new Distillation.Config(d.folds(), d.segments(), d.cells(), d.sweeps(), new MonotoneGbm.Params(50, 2, 0.1, 5, 1, 1),
                        d.budget(), d.minGain(), d.margin(), d.alpha(), 1_000, 1, 100));
        Path file = dir.resolve("sub/router.json");
        RouterArtifact.of(r, Map.of("qrels", "abc"), "ndcg_cut_10", Instant.parse("2026-11-22T00:00:00Z")).write(file);

        RouterArtifact back = RouterArtifact.read(file);
        SplittableRandom rng = new SplittableRandom(9);
        for (int i = 0; i < 10_000; i++) {
            double[] row = {rng.nextDouble() * 1.4 - 0.2, rng.nextDouble() * 1.4 - 0.2};
            assertThat(back.router().apply(row)).isEqualTo(r.int8().apply(row));
        }
        assertThat(back.policy()).isEqualTo(r.policy());
        assertThat(back.json().path("no_regret").path("verdict").asText()).isEqualTo(r.verdict().name());
        assertThat(back.json().path("teacher_xgboost_ubj").asText()).isNotEmpty();
        try (var files = Files.list(file.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("router.json");
        }
    }

    @Test
    void aPolicyThatNeverUpshifts_keepsItsInfiniteThreshold() throws Exception {
        Path file = Files.writeString(dir.resolve("never.json"), """
                {"format":"assay-router/1","intercept":0.5,"policy":{"tau":"Infinity","min_gain":0,"budget":0},
                 "features":[{"name":"a","monotone":0,"int8":{"knots":[0,1],"cells_per_segment":2,"scale":1,"offset":0,"codes":"AAE="}}]}""");
        RouterArtifact a = RouterArtifact.read(file);
        assertThat(a.policy().tau()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(a.policy().upshift(1e300)).isFalse();
        assertThat(a.router().apply(new double[] {0.9})).isEqualTo(1.5);
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(Map.of("tau", Double.POSITIVE_INFINITY)))
                .as("how the artifact writes an infinite tau").isEqualTo("{\"tau\":\"Infinity\"}");
    }

    @Test
    void brokenArtifacts_areRejectedNamingTheFile() throws Exception {
        Path notJson = Files.writeString(dir.resolve("a.json"), "{nope");
        assertThatThrownBy(() -> RouterArtifact.read(notJson)).isInstanceOf(InvalidInputException.class).hasMessageContaining("a.json");
        Path wrong = Files.writeString(dir.resolve("b.json"), "{\"format\":\"other/1\"}");
        assertThatThrownBy(() -> RouterArtifact.read(wrong)).isInstanceOf(InvalidInputException.class).hasMessageContaining("assay-router/1");
        Path badCodes = Files.writeString(dir.resolve("c.json"), """
                {"format":"assay-router/1","intercept":0,"policy":{"tau":0,"min_gain":0,"budget":1},
                 "features":[{"name":"a","monotone":0,"int8":{"knots":[0,1],"cells_per_segment":2,"scale":1,"offset":0,"codes":"AAAA"}}]}""");
        assertThatThrownBy(() -> RouterArtifact.read(badCodes)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("c.json").hasMessageContaining("codes");
        assertThatThrownBy(() -> RouterArtifact.read(dir.resolve("missing.json"))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no such file");
    }
}
