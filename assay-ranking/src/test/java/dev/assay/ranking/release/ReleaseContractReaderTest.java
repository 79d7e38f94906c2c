package dev.assay.ranking.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.core.InvalidInputException;
import dev.assay.ranking.metrics.Measure;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class ReleaseContractReaderTest {
    static final Measure MAP = Measure.map();

    @Test
    void parse_readsEveryGuardType() {
        ReleaseContract f = ReleaseContract.parse("""
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
                """, "c.yaml");
        assertThat(f.guards()).hasSize(6);
        assertThat(f.resamples()).isEqualTo(5000);
        assertThat(f.slices().get("hard")).containsExactly("301", "302", "303");
        assertThat(f.guards().get(1)).isEqualTo(new Guard.Quality("quality-hard", MAP, "hard",
                QualityMethod.BOOTSTRAP_BCA, 0.05, 0.01, 3));
    }

    @Test
    void parse_listsEveryProblemAtOnce() {
        assertThatThrownBy(() -> ReleaseContract.parse("""
                name: bad
                colour: blue
                guards:
                  - {name: q, type: quality, measure: ndcg_at_ten}
                  - {name: q2, type: quality, measure: map, slice: nowhere, method: magic}
                  - {name: l, type: latency}
                  - {name: x, type: teleport}
                """, "bad.yaml"))
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
        assertThatThrownBy(() -> ReleaseContract.parse("""
                guards:
                  - {name: q, type: quality, measure: map, alpha: 0.7}
                """, "x")).isInstanceOf(InvalidInputException.class).hasMessageContaining("alpha");
        assertThatThrownBy(() -> ReleaseContract.parse("""
                guards:
                  - {name: q, type: quality, measure: map}
                  - {name: q, type: quality, measure: ndcg}
                """, "x")).isInstanceOf(InvalidInputException.class).hasMessageContaining("unique");
    }

    static java.nio.file.Path resource(String name) throws java.net.URISyntaxException {
        return java.nio.file.Path.of(ReleaseContractReaderTest.class.getResource("/release/" + name).toURI());
    }

    @Test
    void realisticFile_readsAsWritten_inYamlAndInJson() throws Exception {
        ReleaseContract expected = new ReleaseContract("ranker-release", 5000, 42, java.util.List.of(
                new Guard.Quality("ndcg10", Measure.ndcgCut(10), null, QualityMethod.BOOTSTRAP_BCA, 0.05, 0.01,
                        ReleaseContract.DEFAULT_MIN_TOPICS),
                new Guard.Quality("map-hard", MAP, "hard", QualityMethod.RANDOMIZATION, ReleaseContract.DEFAULT_ALPHA,
                        ReleaseContract.DEFAULT_MARGIN, 3),
                new Guard.Latency("p95", 95, 120, 50),
                new Guard.TailRatio("tail", 2.5, Guard.TailRatio.DEFAULT_MIN_SAMPLES),
                new Guard.Overlap("jaccard", 10, 0.7),
                new Guard.CalibrationDrift("calibration", dev.assay.core.stats.Binning.EQUAL_WIDTH, 20, 0.03)),
                java.util.Map.of("hard", Set.of("301", "302", "303", "304", "305")));
        assertThat(ReleaseContract.read(resource("release.yaml"))).isEqualTo(expected);
        assertThat(ReleaseContract.read(resource("release.json"))).isEqualTo(expected);
    }

    @Test
    void absentSettings_takeTheOneSetOfDefaults_thatTheOneGuardContractAlsoUses() {
        ReleaseContract file = ReleaseContract.parse("guards: [{name: quality, type: quality, measure: ndcg_cut.10}]\n", "x");
        ReleaseContract quick = ReleaseEvaluation.quickContract(ReleaseContract.DEFAULT_MEASURE, ReleaseContract.DEFAULT_METHOD,
                ReleaseContract.DEFAULT_ALPHA, ReleaseContract.DEFAULT_MARGIN, ReleaseContract.DEFAULT_RESAMPLES,
                ReleaseContract.DEFAULT_SEED, "");
        assertThat(file.name()).isEqualTo(ReleaseContract.DEFAULT_NAME);
        assertThat(file.guards()).isEqualTo(quick.guards());
        assertThat(file.resamples()).isEqualTo(quick.resamples()).isEqualTo(10_000);
        assertThat(file.seed()).isEqualTo(quick.seed()).isEqualTo(1L);
    }

    @Test
    void parse_refusesDuplicateKeys_andNamesTheNearestFieldOrType() {
        assertThatThrownBy(() -> ReleaseContract.parse("""
                guards:
                  - {name: p95, type: latency, limitMS: 120, limitMs: 100}
                  - {name: q, type: quality, measure: map, measure: ndcg}
                  - {name: t, type: tail-ratio, maxRatio: 2}
                """, "g.yaml"))
                .isInstanceOf(dev.assay.core.document.InvalidDocumentException.class)
                .hasMessage("g.yaml: 3 problems: guards[1]: duplicate key 'measure' (first at line 3) (line 3); "
                        + "guards[0]: unknown key 'limitMS'; did you mean 'limitMs'? (line 2); "
                        + "guards[2].type: unknown guard type 'tail-ratio'; did you mean 'tail_ratio'? (line 4)");
    }

    @Test
    void parse_refusesFractionalCountsAndNonFiniteNumbers() {
        assertThatThrownBy(() -> ReleaseContract.parse("""
                resamples: 5000.5
                guards:
                  - {name: p95, type: latency, limitMs: .nan, minSamples: 2.0}
                """, "n.yaml"))
                .hasMessage("n.yaml: 3 problems: resamples: must be a whole number, but was '5000.5' (line 1); "
                        + "guards[0].limitMs: must be a finite number, but was '.nan' (line 3); "
                        + "guards[0].minSamples: must be a whole number, but was '2.0' (line 3)");
    }

    @Property(tries = 300)
    void parse_onlyEverThrowsInvalidInput(@ForAll String junk) {
        try {
            ReleaseContract.parse("guards:\n  - " + junk, "fuzz");
        } catch (InvalidInputException expected) {
            // the only documented failure
        }
    }

    @Test
    void parse_carriesTheParsedMeasure_andRefusesASpecNamingSeveral() {
        ReleaseContract c = ReleaseContract.parse("guards: [{name: q, type: quality, measure: P.10}]\n", "x");
        assertThat(((Guard.Quality) c.guards().get(0)).measure()).isEqualTo(Measure.precision(10));
        assertThatThrownBy(() -> ReleaseContract.parse("guards: [{name: q, type: quality, measure: P}]\n", "p.yaml"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("guards[0].measure: unknown measure 'P'");
    }
}
