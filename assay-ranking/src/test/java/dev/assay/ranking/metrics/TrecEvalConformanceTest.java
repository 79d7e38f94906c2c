package dev.assay.ranking.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.core.testing.TestEnvironment;
import dev.assay.ranking.trec.Qrels;
import dev.assay.ranking.trec.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every map, recip_rank, P, recall, ndcg (with and without gain overrides) and ndcg_cut value in
 * trec_eval's own test fixtures, per topic and mean, reproduced to the printed 4 decimals. The flags
 * are those of trec_eval's {@code make quicktest}: out.test (default measures), .a ({@code -m all_trec}),
 * .aq ({@code -q}), .aqc ({@code -q -c} on results.trunc), .aql ({@code -q -l2} on qrels.rel_level),
 * .meas_params ({@code -q -m P.3,7,5 -m recall.20,2000 -m ndcg.1=3,2=9,4=4.5 -m ndcg_cut.20,23,10 ...}).
 */
class TrecEvalConformanceTest {

    static Stream<Arguments> fixtures() {
        return Stream.of(
                Arguments.of("out.test", "qrels.test", "results.test", 1, TopicScope.COMMON, 11),
                Arguments.of("out.test.a", "qrels.test", "results.test", 1, TopicScope.COMMON, 30),
                Arguments.of("out.test.aq", "qrels.test", "results.test", 1, TopicScope.COMMON, 120),
                Arguments.of("out.test.aqc", "qrels.test", "results.trunc", 1, TopicScope.ALL_QRELS, 120),
                Arguments.of("out.test.aql", "qrels.rel_level", "results.test", 2, TopicScope.COMMON, 120),
                Arguments.of("out.test.meas_params", "qrels.test", "results.test", 1, TopicScope.COMMON, 36));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void shouldReproduceEveryTrecEvalFixtureValue(String fixture, String qrelsFile, String runFile, int level,
                                                  TopicScope scope, int count) throws IOException {
        Path dir = TestEnvironment.sharedData().resolve("ranking/trec_eval");
        Qrels qrels = Qrels.read(dir.resolve(qrelsFile));
        Run run = Run.read(dir.resolve(runFile));
        Map<String, Measure> byName = new LinkedHashMap<>();
        List<String[]> expected = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve(fixture))) {
            String[] f = line.split("\t");
            String name = f[0].strip();
            String spec = inputSpelling(name);
            if (spec == null) {
                continue;
            }
            byName.computeIfAbsent(name, n -> Measures.parse(spec).getFirst());
            expected.add(new String[] {name, f[1], f[2]});
        }
        RunScores e = TrecEval.evaluate(qrels, run, List.copyOf(byName.values()), new EvalOptions(level, scope));
        List<String> mismatches = new ArrayList<>();
        for (String[] x : expected) {
            Measure m = byName.get(x[0]);
            double v = x[1].equals("all") ? e.mean(m).orElseThrow() : e.value(m, x[1]);
            String got = TrecEvalReport.fourDecimals(v);
            if (!got.equals(x[2])) {
                mismatches.add(x[0] + " " + x[1] + ": expected " + x[2] + " got " + got + " (" + v + ")");
            }
        }
        assertThat(mismatches).isEmpty();
        assertThat(expected).as("supported values in " + fixture).hasSize(count);
    }

    /** trec_eval's output name back to its {@code -m} spelling, or null for a measure Assay does not implement. */
    static String inputSpelling(String name) {
        if (name.equals("map") || name.equals("recip_rank") || name.equals("ndcg")) {
            return name;
        }
        for (String family : List.of("ndcg_cut", "P", "recall")) {
            if (name.startsWith(family + "_") && name.substring(family.length() + 1).chars().allMatch(Character::isDigit)) {
                return family + "." + name.substring(family.length() + 1);
            }
        }
        if (name.startsWith("ndcg_") && name.contains("=")) {
            return "ndcg." + name.substring(5);
        }
        return null;
    }
}
