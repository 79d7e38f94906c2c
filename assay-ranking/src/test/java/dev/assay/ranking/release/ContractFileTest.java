package dev.assay.ranking.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.core.InvalidInputException;
import java.util.Set;
import java.util.function.Predicate;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class ContractFileTest {
    static final Predicate<String> MEASURES = Set.of("ndcg", "ndcg_cut.10", "map")::contains;

    @Test
    void parse_readsEveryGuardType() {
        ContractFile f = ContractFile.parse("""
                name: ranker-release
                resamples: 5000
                seed: 42
                slices:
                  hard: [301, 302, 303]
                guards:
                  - {name: quality, type: quality, measure: ndcg_cut.10, method: bootstrap_bca, alpha: 0.05}
                  - {name: quality-hard, type: quality, measure: map, slice: hard, margin: 0.01, minTopics: 3}
                  - {name: p95, type: latency, percentile: 95, limitMs: 120}
                  - {name: tail, type: tail_ratio, maxRatio: 2.5}
                  - {name: jaccard, type: overlap, k: 10, minMean: 0.75}
                  - {name: calibration, type: calibration, binning: equal_mass, bins: 15, maxDrift: 0.02}
                """, MEASURES, "c.yaml");
        assertThat(f.contract().guards()).hasSize(6);
        assertThat(f.contract().resamples()).isEqualTo(5000);
        assertThat(f.slices().get("hard")).containsExactly("301", "302", "303");
        assertThat(f.contract().guards().get(1)).isEqualTo(new Guard.Quality("quality-hard", "map", "hard",
                QualityMethod.BOOTSTRAP_BCA, 0.05, 0.01, 3));
    }

    @Test
    void parse_listsEveryProblemAtOnce() {
        assertThatThrownBy(() -> ContractFile.parse("""
                name: bad
                colour: blue
                guards:
                  - {name: q, type: quality, measure: ndcg_at_ten}
                  - {name: q2, type: quality, measure: map, slice: nowhere, method: magic}
                  - {name: l, type: latency}
                  - {name: x, type: teleport}
                """, MEASURES, "bad.yaml"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("bad.yaml: 6 problems")
                .hasMessageContaining("unknown key 'colour'; expected one of guards, name, resamples, seed, slices (line 2)")
                .hasMessageContaining("unknown measure 'ndcg_at_ten'")
                .hasMessageContaining("slice 'nowhere' is not defined")
                .hasMessageContaining("unknown value 'magic'")
                .hasMessageContaining("guards[2].limitMs: required")
                .hasMessageContaining("unknown guard type 'teleport'");
    }

    @Test
    void parse_rejectsOutOfRangeValuesAndDuplicates() {
        assertThatThrownBy(() -> ContractFile.parse("""
                guards:
                  - {name: q, type: quality, measure: map, alpha: 0.7}
                """, MEASURES, "x")).isInstanceOf(InvalidInputException.class).hasMessageContaining("alpha");
        assertThatThrownBy(() -> ContractFile.parse("""
                guards:
                  - {name: q, type: quality, measure: map}
                  - {name: q, type: quality, measure: ndcg}
                """, MEASURES, "x")).isInstanceOf(InvalidInputException.class).hasMessageContaining("unique");
    }

    @Property(tries = 300)
    void parse_onlyEverThrowsInvalidInput(@ForAll String junk) {
        try {
            ContractFile.parse("guards:\n  - " + junk, MEASURES, "fuzz");
        } catch (InvalidInputException expected) {
            // the only documented failure
        }
    }
}
