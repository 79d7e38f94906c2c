package dev.assay.ranking.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.assay.core.testing.TestEnvironment;
import dev.assay.ranking.trec.Qrels;
import dev.assay.ranking.trec.Run;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The 11 real Robust03 runs (gzip) against the graded Robust03 qrels: every value a proper
 * fraction, topic coverage as in the files, and nDCG equal per topic to a naive reference
 * (String.split, boxed sort, textbook formula) so the fast parser and sort change nothing.
 */
class Robust03EvaluationTest {
    private static final List<Measure> MEASURES = Measures.parseAll(List.of("ndcg", "ndcg_cut.10", "map"));
    private static Qrels qrels;
    private static List<Path> runs;

    @BeforeAll
    static void load() throws IOException {
        Path dir = TestEnvironment.sharedData().resolve("ranking/robust03");
        qrels = Qrels.read(dir.resolve("robust03_qrels.txt"));
        try (Stream<Path> files = Files.list(dir.resolve("runs"))) {
            runs = files.sorted().toList();
        }
    }

    @Test
    void shouldEvaluateAllElevenRunsWithProperFractionsOverTheHundredTopics() {
        assertThat(qrels.topics()).hasSize(100);
        assertThat(runs).hasSize(11);
        for (Path p : runs) {
            Run run = Run.read(p);
            RunScores common = TrecEval.evaluate(qrels, run, MEASURES, EvalOptions.defaults());
            RunScores all = TrecEval.evaluate(qrels, run, MEASURES, new EvalOptions(1, TopicScope.ALL_QRELS));
            assertThat(common.hasData()).as(p.toString()).isTrue();
            assertThat(common.topics()).as(p.toString()).hasSizeBetween(1, 100);
            assertThat(all.topics()).hasSize(100);
            for (Measure m : MEASURES) {
                assertThat(java.util.Arrays.stream(common.perTopic(m)).boxed().toList()).as(p + " " + m.name()).allSatisfy(v -> assertThat(v).isBetween(0.0, 1.0));
                double mean = common.mean(m).orElseThrow();
                assertThat(mean).isBetween(0.0, 1.0);
                // -c averages the same per-topic sum over all 100 topics
                assertThat(all.mean(m).orElseThrow()).isCloseTo(mean * common.topics().size() / 100.0, within(1e-12));
            }
        }
    }

    @Test
    void shouldMatchANaiveNdcgReferenceOnEveryTopicOfEveryRun() throws IOException {
        Map<String, Map<String, Integer>> judged = new HashMap<>();
        for (String line : Files.readAllLines(TestEnvironment.sharedData().resolve("ranking/robust03/robust03_qrels.txt"))) {
            String[] f = line.trim().split("\\s+");
            judged.computeIfAbsent(f[0], k -> new HashMap<>()).put(f[2], Integer.parseInt(f[3]));
        }
        Measure ndcg = Measure.ndcg();
        int checked = 0;
        for (Path p : runs) {
            Map<String, List<String[]>> byTopic = new HashMap<>();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(p)), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    String[] f = line.trim().split("\\s+");
                    byTopic.computeIfAbsent(f[0], k -> new ArrayList<>()).add(f);
                }
            }
            RunScores e = TrecEval.evaluate(qrels, Run.read(p), List.of(ndcg), EvalOptions.defaults());
            for (String topic : e.topics()) {
                List<String[]> lines = new ArrayList<>(byTopic.get(topic));
                lines.sort(Comparator.<String[]>comparingDouble(f -> -Double.parseDouble(f[4]))
                        .thenComparing((String[] f) -> f[2], Comparator.reverseOrder()));
                Map<String, Integer> rel = judged.get(topic);
                double dcg = 0;
                for (int i = 0; i < lines.size(); i++) {
                    dcg += Math.max(0, rel.getOrDefault(lines.get(i)[2], 0)) / (Math.log(i + 2) / Math.log(2));
                }
                List<Integer> ideal = rel.values().stream().filter(v -> v > 0).sorted(Comparator.reverseOrder()).toList();
                double idcg = 0;
                for (int i = 0; i < ideal.size(); i++) {
                    idcg += ideal.get(i) / (Math.log(i + 2) / Math.log(2));
                }
                assertThat(e.value(ndcg, topic)).as(p + " " + topic).isCloseTo(idcg > 0 ? dcg / idcg : 0, within(1e-12));
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(500);
    }
}
